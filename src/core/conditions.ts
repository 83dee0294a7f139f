/**
 * Which Conditions count (clinical-rules.md §1): verification not refuted or entered-in-error, and
 * clinical status active/recurrence/relapse. For pregnancy and decompensation: active, or onset within
 * the last 6 months (183 days) unless abated. A Condition without a clinical status counts: its
 * status is unknown, and every condition here either makes the tool more cautious (out-of-scope,
 * cirrhosis, pregnancy, decompensation) or is the disease the tool is for.
 */
import { dayNumber } from './dates.js';
import type { ConditionId, ConditionRecord, IsoDate, ProcedureRecord } from './types.js';

const ACTIVE = new Set(['active', 'recurrence', 'relapse']);
const EXCLUDED_VERIFICATION = new Set(['refuted', 'entered-in-error']);
const RECENT_ONSET_DAYS = 183;
const RECENT_ONSET_COUNTS: ReadonlySet<ConditionId> = new Set(['pregnancy', 'decompensation']);

export function conditionCounts(c: ConditionRecord, asOf: IsoDate): boolean {
  if (c.verificationStatus && EXCLUDED_VERIFICATION.has(c.verificationStatus)) return false;
  const asOfDay = dayNumber(asOf)!;
  const onset = dayNumber(c.onset) ?? dayNumber(c.recorded);
  if (onset !== undefined && onset > asOfDay) return false; // recorded as starting after the as-of date
  if (!c.clinicalStatus) {
    if (!RECENT_ONSET_COUNTS.has(c.condition)) return true;
    return onset === undefined || (asOfDay - onset <= RECENT_ONSET_DAYS && !abatedBy(c, asOfDay));
  }
  if (ACTIVE.has(c.clinicalStatus)) return true;
  if (!RECENT_ONSET_COUNTS.has(c.condition)) return false;
  return onset !== undefined && asOfDay - onset <= RECENT_ONSET_DAYS && !abatedBy(c, asOfDay);
}

function abatedBy(c: ConditionRecord, asOfDay: number): boolean {
  const abatement = dayNumber(c.abatement);
  return abatement !== undefined && abatement <= asOfDay;
}

/**
 * A transplant done or under way counts (rules v2 §1); one planned (`preparation`), not done or
 * entered in error does not. `on-hold`, `stopped` and `unknown` are not listed by the rules: they
 * count, because a transplant that may have happened must keep the patient out of scope.
 */
const PROCEDURE_NOT_COUNTING = new Set(['not-done', 'entered-in-error', 'preparation']);

export function procedureCounts(p: ProcedureRecord, asOf: IsoDate): boolean {
  if (PROCEDURE_NOT_COUNTING.has(p.status)) return false;
  const performed = dayNumber(p.performed);
  return performed === undefined || performed <= dayNumber(asOf)!;
}

/** The condition ids that count at the as-of date, with the records behind each. */
export function countingConditions(
  conditions: readonly ConditionRecord[],
  asOf: IsoDate,
  procedures: readonly ProcedureRecord[] = [],
): Map<ConditionId, ConditionRecord[]> {
  const out = new Map<ConditionId, ConditionRecord[]>();
  for (const c of conditions) {
    if (!conditionCounts(c, asOf)) continue;
    out.set(c.condition, [...(out.get(c.condition) ?? []), c]);
  }
  for (const p of procedures) {
    if (!procedureCounts(p, asOf)) continue;
    const asCondition: ConditionRecord = { ref: p.ref, condition: p.condition, onset: p.performed };
    out.set(p.condition, [...(out.get(p.condition) ?? []), asCondition]);
  }
  return out;
}

/**
 * The earliest onset of any AIH diagnosis on record that is not refuted or entered in error, whatever
 * its clinical status: a first episode now in remission still dates the disease when a relapse was
 * entered as a new condition. The date a diagnosis was entered (`recorded`) is not used: problem lists
 * are often entered years after diagnosis.
 */
export function aihOnset(conditions: readonly ConditionRecord[]): IsoDate | undefined {
  let earliest: IsoDate | undefined;
  for (const c of conditions) {
    if (c.condition !== 'aih') continue;
    if (c.verificationStatus && EXCLUDED_VERIFICATION.has(c.verificationStatus)) continue;
    const onset = c.onset?.slice(0, 10);
    if (onset !== undefined && dayNumber(onset) !== undefined && (earliest === undefined || onset < earliest))
      earliest = onset;
  }
  return earliest;
}
