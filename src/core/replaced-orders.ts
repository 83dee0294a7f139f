/**
 * An order replaced by another (MedicationRequest.priorPrescription) is taken until the day before its
 * replacement starts. EHRs often leave the old order active with no end when a dose is changed; summed
 * with its replacement it would double the current dose, and the 25 % allopurinol draft with it.
 */
import { dayNumber, isoDay } from './dates.js';
import { isExposure } from './timeline.js';
import type { MedicationExposure } from './types.js';

/**
 * The records with each replaced request ended no later than the day before its earliest replacement
 * starts (an earlier end of its own is kept). Only a request of the same ingredient is ended, by a
 * request that was taken and has a start; a reference to nothing we hold changes nothing. The replaced
 * order stays on the timeline up to then, so its period merges with the replacement's as before.
 * The same array when no record replaces another (nearly every patient), else a new one.
 */
export function endReplacedOrders(medications: MedicationExposure[]): MedicationExposure[] {
  const replacements = new Map<string, { start: number; by: string }[]>();
  for (const m of medications) {
    if (m.replaces === undefined || m.replaces === m.ref || m.source !== 'MedicationRequest') continue;
    const start = dayNumber(m.start);
    if (start === undefined || !isExposure(m)) continue;
    const key = keyOf(m.replaces, m.ingredient);
    replacements.set(key, [...(replacements.get(key) ?? []), { start, by: m.ref }]);
  }
  if (replacements.size === 0) return medications;
  return medications.map((m) => {
    const by = m.source === 'MedicationRequest' ? replacements.get(keyOf(m.ref, m.ingredient)) : undefined;
    if (by === undefined) return m;
    // A replacement starting before this order did, or one of the same day that this order names in turn,
    // is a cycle (orders naming each other), not a dose change: it is ignored. One starting the same day
    // or later ends this order the day before (a same-day replacement leaves it that one day: a record
    // never ends before its start).
    const own = dayNumber(m.start);
    const starts = by
      .filter((r) => own === undefined || r.start > own || (r.start === own && m.replaces !== r.by))
      .map((r) => r.start);
    if (starts.length === 0) return m;
    const last = Math.max(Math.min(...starts) - 1, own ?? -Infinity);
    const end = dayNumber(m.end);
    return end !== undefined && end <= last ? m : { ...m, end: isoDay(last) };
  });
}

function keyOf(ref: string, ingredient: string): string {
  return `${ref}|${ingredient}`;
}
