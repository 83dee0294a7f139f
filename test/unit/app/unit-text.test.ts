import { describe, expect, it } from 'vitest';
import { labUnitView, unitForPeople } from '../../../src/app/unit-text.js';
import type { NormalisedValue } from '../../../src/core/types.js';

describe('units written for people', () => {
  it.each([
    ['{INR}', ''],
    ['mL/min/{1.73_m2}', 'mL/min/1.73 m²'],
    ['10*9/L', '×10⁹/L'],
    ['10*3/uL', '×10³/µL'],
    ['umol/L', 'µmol/L'],
    ['ukat/L', 'µkat/L'],
    ['ug/L', 'µg/L'],
    ['pmol/{8.10*8.RBC}', 'pmol/8×10⁸ RBC'],
    ['[IU]/L', 'IU/L'],
    ['U/L', 'U/L'],
    ['g/L', 'g/L'],
    ['mg/dL', 'mg/dL'],
    ['[lb_av]', 'lb'],
  ])('%s → "%s"', (ucum, shown) => {
    expect(unitForPeople(ucum)).toBe(shown);
  });
});

describe("value and ULN in the lab's unit", () => {
  const base: NormalisedValue = {
    ref: 'Observation/alt',
    analyte: 'alt',
    date: '2026-05-01',
    value: 90,
    unit: 'U/L',
    rawValue: 1.5,
    rawUnit: 'ukat/L',
    uln: 45,
    ulnSource: 'lab',
    xUln: 2,
    usable: true,
  };

  it('shows both in the unit the lab reported, with the conversion for the tooltip', () => {
    expect(labUnitView(base)).toEqual({
      result: '1.5 µkat/L',
      uln: '0.75 µkat/L',
      conversion: '= 90 U/L; ULN 45 U/L',
    });
  });

  it('keeps one unit when the lab already reported in the unit of the rules', () => {
    expect(labUnitView({ ...base, rawValue: 90, rawUnit: 'U/L' })).toEqual({
      result: '90 U/L',
      uln: '45 U/L',
    });
  });

  it('falls back to the rules unit for both when a zero result gives no factor (never two units)', () => {
    expect(labUnitView({ ...base, value: 0, rawValue: 0 })).toEqual({ result: '0 U/L', uln: '45 U/L' });
  });

  it('writes a bare ratio without a unit and keeps the comparator', () => {
    expect(
      labUnitView({
        ...base,
        analyte: 'inr',
        value: 1.2,
        rawValue: 1.2,
        unit: '{INR}',
        rawUnit: '{INR}',
        comparator: '<',
      }),
    ).toMatchObject({ result: '<1.2' });
  });
});
