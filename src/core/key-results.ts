/**
 * The latest result of each analyte that steers the second-line suggestions (6-MMP, 6-TGN, WBC, eGFR,
 * INR, weight), read against the same limit and window the rules use (clinical-rules.md §6, §7), so the
 * clinician can check "6-MMP raised" on screen against exactly what the rules saw. Pure.
 */
import { isAbove, isAtLeast, isBelow } from './bounds.js';
import { recentValues } from './recent.js';
import { METABOLITE_WINDOW_DAYS, MMP6_RAISED, TGN6_THERAPEUTIC, WEIGHT_WINDOW_DAYS } from './recommend.js';
import {
  DECOMPENSATION_WINDOW_DAYS,
  EGFR_LIMIT,
  EGFR_WINDOW_DAYS,
  INR_LIMIT,
  WBC_LIMIT,
  WBC_WINDOW_DAYS,
} from './safety.js';
import type { AnalyteId, IsoDate, NormalisedValue } from './types.js';
import { dayNumber } from './dates.js';

export const KEY_ANALYTES = [
  'mmp6',
  'tgn6',
  'wbc',
  'egfr',
  'inr',
  'weight',
] as const satisfies readonly AnalyteId[];
export type KeyAnalyte = (typeof KEY_ANALYTES)[number];

export interface KeyLimit {
  /** How the value is read against the limit: `above` (> limit), `at-least` (≥), `below` (<). */
  test: 'above' | 'at-least' | 'below';
  limit: number;
}

export interface KeyResult {
  analyte: KeyAnalyte;
  /** The latest usable result on or before the as-of date, however old. */
  latest?: NormalisedValue;
  limit?: KeyLimit;
  /** Whether the latest result crosses the limit; undefined when a comparator ("<50") leaves it open. */
  crosses?: boolean;
  /** The rules read this analyte only within this many days of the as-of date. */
  windowDays: number;
  /** The latest result is inside that window, so the rules used it. */
  withinWindow: boolean;
}

const RULES: Record<KeyAnalyte, { limit?: KeyLimit; windowDays: number }> = {
  mmp6: { limit: { test: 'above', limit: MMP6_RAISED }, windowDays: METABOLITE_WINDOW_DAYS },
  tgn6: { limit: { test: 'at-least', limit: TGN6_THERAPEUTIC }, windowDays: METABOLITE_WINDOW_DAYS },
  wbc: { limit: { test: 'below', limit: WBC_LIMIT }, windowDays: WBC_WINDOW_DAYS },
  egfr: { limit: { test: 'below', limit: EGFR_LIMIT }, windowDays: EGFR_WINDOW_DAYS },
  inr: { limit: { test: 'above', limit: INR_LIMIT }, windowDays: DECOMPENSATION_WINDOW_DAYS },
  weight: { windowDays: WEIGHT_WINDOW_DAYS },
};

const TESTS = { above: isAbove, 'at-least': isAtLeast, below: isBelow } as const;

export function latestKeyResults(values: readonly NormalisedValue[], asOf: IsoDate): KeyResult[] {
  const asOfDay = dayNumber(asOf);
  return KEY_ANALYTES.map((analyte) => {
    const { limit, windowDays } = RULES[analyte];
    // Values come sorted by date with the worst of a day last (value-order.ts): the latest is the worst.
    const latest = recentValues(values, analyte, asOf, Number.POSITIVE_INFINITY).at(-1);
    const latestDay = latest ? dayNumber(latest.date) : undefined;
    const withinWindow =
      asOfDay !== undefined && latestDay !== undefined && asOfDay - latestDay <= windowDays;
    const crosses =
      latest && limit ? TESTS[limit.test](latest.value, latest.comparator, limit.limit) : undefined;
    return {
      analyte,
      windowDays,
      withinWindow,
      ...(latest ? { latest } : {}),
      ...(limit ? { limit } : {}),
      ...(crosses !== undefined ? { crosses } : {}),
    };
  });
}
