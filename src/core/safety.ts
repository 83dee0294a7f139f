/**
 * Safety flags (clinical-rules.md §7). Each flag keeps the records that raised it so the card can
 * show them.
 */
import { isAbove, isBelow } from './bounds.js';
import { ageInYears, dayNumber } from './dates.js';
import { isExposure, recordDays, type Timeline } from './timeline.js';
import type {
  AnticoagulantExposure,
  ConditionId,
  ConditionRecord,
  DataQualityNote,
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
  /** Why a raised value did not raise a flag (an INR on a vitamin K antagonist), or could not be judged. */
  notes: DataQualityNote[];
}

interface SafetyInput {
  record: PatientRecord;
  asOf: IsoDate;
  values: readonly NormalisedValue[];
  conditions: ReadonlyMap<ConditionId, unknown>;
  /** Key diagnoses written in text only that count at the as-of date; none when absent. */
  uncodedConditions?: readonly ConditionRecord[];
  timeline: Timeline;
}

export function assessSafety({
  record,
  asOf,
  values,
  conditions,
  uncodedConditions = [],
  timeline,
}: SafetyInput): SafetyResult {
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

  // Cirrhosis written only in text (no recognised code) is not read as the diagnosis (§1), but it still
  // raises the flag: the flag only blocks budesonide, and budesonide in cirrhosis is the harm to avoid.
  const textCirrhosis = uncodedConditions.some((c) => c.condition === 'cirrhosis');
  if (conditions.has('cirrhosis') || conditions.has('portal-hypertension') || textCirrhosis)
    flags.push('cirrhosis');

  const raisedInr = recentValues(values, 'inr', asOf, DECOMPENSATION_WINDOW_DAYS).filter(
    (v) => isAbove(v.value, v.comparator, INR_LIMIT) === true,
  );
  // v2: an INR measured while a vitamin K antagonist was current is anticoagulation, not liver failure.
  const vka = (record.anticoagulants ?? []).filter(isExposure);
  const notes = raisedInr.length > 0 ? undatedVkaNotes(vka) : [];
  const highInr = raisedInr.filter((v) => {
    const on = vkaOn(vka, dayNumber(v.date)!);
    if (on)
      notes.push({
        code: 'inr-on-anticoagulant',
        resource: v.ref,
        message: `INR above ${INR_LIMIT} on ${v.date.slice(0, 10)} while a vitamin K antagonist was current (${on.ref}): not counted as decompensation.`,
      });
    return on === undefined;
  });
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
  return { flags, evidence, notes };
}

/** The vitamin K antagonist record current on a day, if any (started on or before it, not yet ended). */
function vkaOn(vka: readonly AnticoagulantExposure[], day: number): AnticoagulantExposure | undefined {
  return vka.find((m) => {
    const days = recordDays(m);
    return days !== undefined && days.start <= day && (days.end === undefined || days.end >= day);
  });
}

/**
 * A vitamin K antagonist record without any date cannot show it was current on an INR's date, so it
 * never discounts an INR (the conservative reading: decompensation stays flagged); the card says so.
 */
function undatedVkaNotes(vka: readonly AnticoagulantExposure[]): DataQualityNote[] {
  return vka
    .filter((m) => recordDays(m) === undefined)
    .map((m) => ({
      code: 'anticoagulant-undated',
      resource: m.ref,
      message: `${m.agent}: the record has no date, so it cannot show that a raised INR was anticoagulation; INR still counts.`,
    }));
}
