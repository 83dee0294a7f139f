import { describe, expect, it } from 'vitest';
import { mgPerKgPerDay, weightForDosing } from '../../../src/core/dose-per-kg.js';
import { latestKeyResults, type KeyAnalyte } from '../../../src/core/key-results.js';
import type { NormalisedValue } from '../../../src/core/types.js';

const AS_OF = '2026-06-01';

function value(
  analyte: NormalisedValue['analyte'],
  date: string,
  amount: number,
  overrides: Partial<NormalisedValue> = {},
): NormalisedValue {
  return {
    ref: `Observation/${analyte}-${date}`,
    analyte,
    date,
    value: amount,
    unit: 'x',
    rawValue: amount,
    usable: true,
    ...overrides,
  };
}

const resultOf = (analyte: KeyAnalyte, values: NormalisedValue[]) =>
  latestKeyResults(values, AS_OF).find((result) => result.analyte === analyte)!;

describe('latest key results read against the limits of the rules', () => {
  it.each([
    ['mmp6', 5700, false],
    ['mmp6', 5701, true],
    ['tgn6', 219, false],
    ['tgn6', 220, true],
    ['wbc', 3.0, false],
    ['wbc', 2.9, true],
    ['egfr', 60, false],
    ['egfr', 59, true],
    ['inr', 1.5, false],
    ['inr', 1.51, true],
  ] as const)('%s %d crosses its limit: %s', (analyte, amount, crosses) => {
    expect(resultOf(analyte, [value(analyte, '2026-05-01', amount)]).crosses).toBe(crosses);
  });

  it('takes the latest result on or before the as-of date, not a later one', () => {
    const result = resultOf('mmp6', [
      value('mmp6', '2026-01-01', 9000),
      value('mmp6', '2026-05-01', 3000),
      value('mmp6', '2026-07-01', 9000),
    ]);
    expect(result.latest?.date).toBe('2026-05-01');
    expect(result.crosses).toBe(false);
  });

  it('says when the latest result is older than the window the rules read (180 days for metabolites)', () => {
    expect(resultOf('tgn6', [value('tgn6', '2025-12-03', 250)]).withinWindow).toBe(true); // 180 days
    expect(resultOf('tgn6', [value('tgn6', '2025-12-02', 250)]).withinWindow).toBe(false); // 181 days
  });

  it('leaves the reading open when a comparator does not decide it, and skips unusable results', () => {
    expect(resultOf('mmp6', [value('mmp6', '2026-05-01', 6000, { comparator: '<' })]).crosses).toBe(
      undefined,
    );
    expect(resultOf('wbc', [value('wbc', '2026-05-01', 2, { usable: false })]).latest).toBeUndefined();
  });
});

describe('azathioprine mg/kg/day', () => {
  const weight = value('weight', '2026-03-01', 70, { unit: 'kg' });

  it('divides the daily dose by the latest weight of the last 365 days', () => {
    expect(weightForDosing([weight], AS_OF)).toBe(weight);
    expect(mgPerKgPerDay(140, weight)).toBe(2);
    expect(mgPerKgPerDay(139, weight)).toBeLessThan(2);
  });

  it('gives nothing without a dose, a weight, a recent weight or an exact weight', () => {
    expect(mgPerKgPerDay(undefined, weight)).toBeUndefined();
    expect(mgPerKgPerDay(100, undefined)).toBeUndefined();
    expect(weightForDosing([value('weight', '2025-06-01', 70)], AS_OF)).toBeDefined(); // 365 days
    expect(weightForDosing([value('weight', '2025-05-31', 70)], AS_OF)).toBeUndefined(); // 366 days
    expect(weightForDosing([value('weight', '2026-03-01', 100, { comparator: '>' })], AS_OF)).toBeUndefined();
  });
});
