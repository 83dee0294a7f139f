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
  const lastDay = new Map<string, number>();
  for (const m of medications) {
    if (m.replaces === undefined || m.replaces === m.ref || m.source !== 'MedicationRequest') continue;
    const start = dayNumber(m.start);
    if (start === undefined || !isExposure(m)) continue;
    const key = keyOf(m.replaces, m.ingredient);
    lastDay.set(key, Math.min(lastDay.get(key) ?? Infinity, start - 1));
  }
  if (lastDay.size === 0) return medications;
  return medications.map((m) => {
    const last = m.source === 'MedicationRequest' ? lastDay.get(keyOf(m.ref, m.ingredient)) : undefined;
    if (last === undefined) return m;
    // Only a later order replaces an earlier one: orders naming each other (a cycle) end neither.
    const start = dayNumber(m.start);
    if (start !== undefined && start > last) return m;
    const end = dayNumber(m.end);
    return end !== undefined && end <= last ? m : { ...m, end: isoDay(last) };
  });
}

function keyOf(ref: string, ingredient: string): string {
  return `${ref}|${ingredient}`;
}
