/**
 * "The latest X within N days" of the safety flags and recommendations: usable values of one analyte
 * dated on or before the as-of date and at most `days` before it. Values come sorted by date, the
 * worst of a day last (value-order.ts), so the latest of a day is its worst.
 */
import { dayNumber } from './dates.js';
import type { AnalyteId, IsoDate, NormalisedValue } from './types.js';

export function recentValues(
  values: readonly NormalisedValue[],
  analyte: AnalyteId,
  asOf: IsoDate,
  days: number,
): NormalisedValue[] {
  const asOfDay = dayNumber(asOf)!;
  return values.filter((v) => {
    if (v.analyte !== analyte || !v.usable) return false;
    const d = dayNumber(v.date)!;
    return d <= asOfDay && asOfDay - d <= days;
  });
}

export function latestRecent(
  values: readonly NormalisedValue[],
  analyte: AnalyteId,
  asOf: IsoDate,
  days: number,
): NormalisedValue | undefined {
  return recentValues(values, analyte, asOf, days).at(-1);
}
