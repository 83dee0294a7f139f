import { describe, expect, it } from 'vitest';
import { normaliseLabs } from '../../../src/core/normalise.js';
import { lab, patient } from './builders.js';

const D = '2024-03-01';

function weight(value: number, unit: string) {
  const { values, notes } = normaliseLabs(patient({ labs: [lab('weight', D, value, { unit, high: null })] }));
  return { value: values[0], notes };
}

describe('body weight in any mass unit is converted to kg (rules v2 §1)', () => {
  it.each<[number, string, number]>([
    [70, 'kg', 70],
    [70, 'kilograms', 70],
    [70_000, 'g', 70],
    [70_000, 'grams', 70],
    [154, '[lb_av]', 69.853],
    [154, 'lb', 69.853],
    [154, 'lbs', 69.853],
    [154, 'pounds', 69.853],
    [2464, '[oz_av]', 69.853],
    [2464, 'oz', 69.853],
  ])('%s %s → %s kg', (value, unit, kg) => {
    const { value: v, notes } = weight(value, unit);
    expect(v?.value).toBeCloseTo(kg, 2);
    expect(v?.unit).toBe('kg');
    expect(v?.usable).toBe(true);
    expect(notes).toEqual([]);
  });

  it.each(['cm', 'stones and pounds', '', 'mg/dL'])(
    'a weight in "%s" is a data-quality note and is not used, never a guess',
    (unit) => {
      const { value: v, notes } = weight(70, unit);
      expect(v?.usable).toBe(false);
      expect(notes.map((n) => n.code)).toEqual(['unit-not-convertible']);
    },
  );
});
