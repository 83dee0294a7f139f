/**
 * Safety flags (clinical-rules.md §7). Each flag keeps the records that raised it so the card can
 * show them.
 */
import { isAbove, isBelow } from './bounds.js';
import { ageInYears, dayNumber } from './dates.js';
import type { Timeline } from './timeline.js';
import type {
  ConditionId,
  EvidenceItem,
  IsoDate,
  NormalisedValue,
  PatientRecord,
  SafetyFlagId,
} from './types.js';
import { latestRecent, recentValues } from './recent.js';
import { evidenceOf } from './response.js';

export const PREGNANCY_STATUS_WINDOW_DAYS = 274; // 9 months
export const EGFR_LIMIT = 60;
export const EGFR_WINDOW_DAYS = 365;
export const INR_LIMIT = 1.5;
export const DECOMPENSATION_WINDOW_DAYS = 183;
export const WBC_LIMIT = 3.0;
export const WBC_WINDOW_DAYS = 92; // 3 months
export const REPRODUCTIVE_AGE = { low: 12, high: 50 } as const;

export interface SafetyResult {
  flags: SafetyFlagId[];
  evidence: EvidenceItem[];
}

interface SafetyInput {
  record: PatientRecord;
  asOf: IsoDate;
  values: readonly NormalisedValue[];
  conditions: ReadonlyMap<ConditionId, unknown>;
  timeline: Timeline;
}

export function assessSafety({ record, asOf, values, conditions, timeline }: SafetyInput): SafetyResult {
  const asOfDay = dayNumber(asOf)!;
  const flags: SafetyFlagId[] = [];
  const evidence: EvidenceItem[] = [];

  const pregnant =
    conditions.has('pregnancy') ||
    record.pregnancyStatus.some(
      (p) =>
        p.pregnant &&
        asOfDay - dayNumber(p.effective)! <= PREGNANCY_STATUS_WINDOW_DAYS &&
        dayNumber(p.effective)! <= asOfDay,
    );
  if (pregnant) flags.push('pregnancy');

  // Female aged 12–50 and not pregnant. Unknown sex or unknown age is treated as possibly of
  // reproductive potential: the flag only adds a counselling warning, never removes an option.
  const age = ageInYears(record.birthDate, asOf);
  const ageInRange = age === undefined || (age >= REPRODUCTIVE_AGE.low && age <= REPRODUCTIVE_AGE.high);
  if (!pregnant && record.gender !== 'male' && ageInRange) flags.push('reproductive-potential');

  const egfr = latestRecent(values, 'egfr', asOf, EGFR_WINDOW_DAYS);
  if (egfr && isBelow(egfr.value, egfr.comparator, EGFR_LIMIT) === true) {
    flags.push('egfr-below-60');
    evidence.push(evidenceOf(egfr, 'egfr-below-60'));
  }

  if (conditions.has('cirrhosis') || conditions.has('portal-hypertension')) flags.push('cirrhosis');

  const highInr = recentValues(values, 'inr', asOf, DECOMPENSATION_WINDOW_DAYS).filter(
    (v) => isAbove(v.value, v.comparator, INR_LIMIT) === true,
  );
  if (conditions.has('decompensation') || highInr.length > 0) {
    flags.push('decompensated');
    for (const v of highInr) evidence.push(evidenceOf(v, 'decompensated'));
  }

  const wbc = latestRecent(values, 'wbc', asOf, WBC_WINDOW_DAYS);
  if (wbc && isBelow(wbc.value, wbc.comparator, WBC_LIMIT) === true) {
    flags.push('leukopenia');
    evidence.push(evidenceOf(wbc, 'leukopenia'));
  }

  if (timeline.tried.has('mycophenolate')) flags.push('prior-mmf');
  if (timeline.tried.has('tacrolimus')) flags.push('prior-tacrolimus');
  return { flags, evidence };
}
