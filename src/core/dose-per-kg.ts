/**
 * Azathioprine dose per kilogram, as the screen shows it next to each order (clinical-rules.md §1, §6):
 * the order's daily dose in mg over the latest body weight of the last 365 days (the window the
 * recommendations use). Pure: values and the as-of date come from the caller.
 */
import { latestRecent } from './recent.js';
import { AZA_TARGET_MG_PER_KG, WEIGHT_WINDOW_DAYS } from './recommend.js';
import type { IsoDate, NormalisedValue } from './types.js';

export { AZA_TARGET_MG_PER_KG };

/**
 * The weight a dose per kilogram is read against: the latest usable weight (kg) on or before the as-of
 * date within the window. A weight given only as a bound (">100 kg") cannot give a dose per kilogram.
 */
export function weightForDosing(
  values: readonly NormalisedValue[],
  asOf: IsoDate,
): NormalisedValue | undefined {
  const weight = latestRecent(
    values.filter((value) => !value.comparator),
    'weight',
    asOf,
    WEIGHT_WINDOW_DAYS,
  );
  return weight && weight.value > 0 ? weight : undefined;
}

/** mg/kg/day, or nothing when the dose or the weight is unknown (never a guess). */
export function mgPerKgPerDay(
  dailyDoseMg: number | undefined,
  weight: NormalisedValue | undefined,
): number | undefined {
  if (dailyDoseMg === undefined || !(dailyDoseMg > 0) || !weight || !(weight.value > 0)) return undefined;
  return dailyDoseMg / weight.value;
}
