/**
 * The current azathioprine dose in the recommendations (clinical-rules.md §1, §6): per kilogram against
 * the 2 mg/kg/day target, what optimise-azathioprine and add-allopurinol say about it, and the reduced
 * order that travels with add-allopurinol.
 */
import { currentDailyDose, reducedAzathioprineDose, type CurrentDose } from './current-dose.js';
import { latestRecent } from './recent.js';
import type { Timeline } from './timeline.js';
import type { IsoDate, MedicationExposure, NormalisedValue, RecommendationResult } from './types.js';

export const AZA_TARGET_MG_PER_KG = 2;
export const WEIGHT_WINDOW_DAYS = 365;

/** Current azathioprine ≥ 2 mg/kg/day, known for certain. */
export function atTargetDose(timeline: Timeline, dose: AzathioprineDose): boolean {
  return (
    timeline.current.has('azathioprine') && dose.mgPerKg !== undefined && dose.mgPerKg >= AZA_TARGET_MG_PER_KG
  );
}

/** Current dose < 2 mg/kg/day, or weight (or dose) unknown: optimisation is still open. */
export function belowTarget(dose: AzathioprineDose): boolean {
  return dose.mgPerKg === undefined || dose.mgPerKg < AZA_TARGET_MG_PER_KG;
}

export interface AzathioprineDose {
  current: CurrentDose;
  weightKg?: number;
  mgPerKg?: number;
}

/**
 * The *current* dose (§1, §6): the sum of the azathioprine records taken at the as-of date (a renewal
 * counted once); an ended record's dose is never today's. Unknown when no current record has a dose
 * or any current record lacks one.
 */
export function azathioprineDose(
  medications: readonly MedicationExposure[],
  values: readonly NormalisedValue[],
  asOf: IsoDate,
): AzathioprineDose {
  const current = currentDailyDose(medications, 'azathioprine', asOf);
  // A weight given only as a bound (">100 kg") cannot give a dose per kilogram.
  const weight = latestRecent(
    values.filter((v) => !v.comparator),
    'weight',
    asOf,
    WEIGHT_WINDOW_DAYS,
  );
  const weightKg = weight && weight.value > 0 ? weight.value : undefined;
  const mgPerKg =
    current.mgPerDay !== undefined && weightKg !== undefined ? current.mgPerDay / weightKg : undefined;
  return {
    current,
    ...(weightKg !== undefined ? { weightKg } : {}),
    ...(mgPerKg !== undefined ? { mgPerKg } : {}),
  };
}

const mg = (n: number) => `${Number(n.toFixed(2))} mg/day`;

/** What the dose-dependent recommendations say about this patient's dose, and the order cut with allopurinol. */
export function withDose(r: RecommendationResult, dose: AzathioprineDose): RecommendationResult {
  if (r.id !== 'optimise-azathioprine' && r.id !== 'add-allopurinol') return r;
  const { mgPerDay, records, undosed } = dose.current;
  const unknownDose =
    mgPerDay === undefined
      ? ` The current azathioprine dose is unknown (no dose derivable from ${undosed.map((m) => m.ref).join(', ') || 'the current orders'}): check it before changing it.`
      : '';
  if (r.id === 'optimise-azathioprine') {
    const known =
      mgPerDay !== undefined && dose.weightKg !== undefined
        ? ` Current dose ${mg(mgPerDay)} at ${Number(dose.weightKg.toFixed(1))} kg = ${Number(dose.mgPerKg!.toFixed(2))} mg/kg/day.`
        : '';
    const unknownWeight =
      dose.weightKg === undefined
        ? ' No body weight in the last 12 months: the dose per kilogram cannot be checked.'
        : '';
    return { ...r, text: r.text + known + unknownDose + unknownWeight };
  }
  // The reduction is measured against the lower reading, as the order check measures it: with allopurinol
  // the smaller draft is the safer one.
  const fromMgPerDay = dose.current.lowerMgPerDay ?? mgPerDay;
  const newMgPerDay = fromMgPerDay !== undefined ? reducedAzathioprineDose(fromMgPerDay) : undefined;
  const change =
    fromMgPerDay !== undefined && newMgPerDay !== undefined
      ? ` Azathioprine from ${mg(fromMgPerDay)} to ${mg(newMgPerDay)}.`
      : unknownDose;
  return {
    ...r,
    text: r.text + change,
    replacementOrder: {
      ingredient: 'azathioprine',
      ...(fromMgPerDay !== undefined ? { currentMgPerDay: fromMgPerDay } : {}),
      ...(newMgPerDay !== undefined ? { newMgPerDay } : {}),
      replaces: records.map((m) => m.ref),
    },
  };
}
