import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INGREDIENT_IDS } from '../../../src/core/codes.js';
import { compareText } from '../../../src/core/compare-text.js';

const sign = (n: number): number => Math.sign(n);

/** ISO dates and date-times as the record carries them: day, month or full instant precision. */
const isoDate = fc
  .tuple(
    fc.date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('2099-12-31T23:59:59Z'),
      noInvalidDate: true,
    }),
    fc.constantFrom(4, 7, 10, 16, 19, 24),
  )
  .map(([date, length]) => date.toISOString().slice(0, length));

/** Every ingredient the rules know. */
const ingredient = fc.constantFrom(...INGREDIENT_IDS);

describe('ordering of dates and identifiers by code unit', () => {
  it('orders ISO dates of any precision as localeCompare does', () => {
    fc.assert(
      fc.property(isoDate, isoDate, (a, b) => {
        expect(sign(compareText(a, b))).toBe(sign(a.localeCompare(b)));
      }),
    );
  });

  it('orders ingredient identifiers as localeCompare does', () => {
    fc.assert(
      fc.property(ingredient, ingredient, (a, b) => {
        expect(sign(compareText(a, b))).toBe(sign(a.localeCompare(b)));
      }),
    );
  });

  it('is zero only for equal strings and antisymmetric', () => {
    expect(compareText('2024-01-05', '2024-01-05')).toBe(0);
    expect(compareText('2024-01-05', '2024-01-06')).toBe(-1);
    expect(compareText('2024-01-06', '2024-01-05')).toBe(1);
    expect(compareText('2024-01', '2024-01-05')).toBe(-1);
  });
});
