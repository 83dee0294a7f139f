import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import { normaliseLabs } from '../../../src/core/normalise.js';
import type { LabResult, NormalisedValue, PatientRecord } from '../../../src/core/types.js';
import { day, firstLine, lab, METABOLITE_UNIT, panel, patient, withRanges } from './builders.js';

const D = '2024-03-01';
const T = '2024-01-01';
const at = (n: number) => day(T, n);

function normaliseOne(l: LabResult, p: Partial<Pick<PatientRecord, 'gender' | 'birthDate'>> = {}) {
  const { values, notes } = normaliseLabs({ ...patient({ labs: [l] }), ...p });
  return { value: values.find((v) => v.ref === l.ref), notes: notes.filter((n) => n.resource === l.ref) };
}

function normalised(
  l: LabResult,
  p: Partial<Pick<PatientRecord, 'gender' | 'birthDate'>> = {},
): NormalisedValue {
  const { value } = normaliseOne(l, p);
  if (!value) throw new Error(`${l.ref} was not normalised`);
  return value;
}

/** First line from T with the given labs, assessed on day n. */
const assessFirstLine = (labs: LabResult[], n: number) =>
  assess(patient({ meds: firstLine(T), labs }), { asOf: at(n) });

describe('units: conversion to the canonical unit (§2)', () => {
  it.each(['ukat/L', 'µkat/L'])('ALT in %s is multiplied by 60 to U/L', (unit) => {
    const v = normalised(lab('alt', D, 1.5, { unit, high: null }));
    expect(v.value).toBeCloseTo(90, 6);
    expect(v.unit).toBe('U/L');
    expect(v.usable).toBe(true);
    expect(v.xUln).toBeCloseTo(90 / 41, 6); // female default ULN
  });

  it('ALT in µkat/L against a µkat/L reference range gives value / ULN', () => {
    const v = normalised(lab('alt', D, 1.2, { unit: 'ukat/L', high: 0.6 }));
    expect(v.xUln).toBeCloseTo(2, 6);
    expect(v.ulnSource).toBe('lab');
  });

  it('[IU]/L counts as U/L (value in [IU]/L, range in U/L)', () => {
    const l = withRanges(lab('alt', D, 80, { unit: '[IU]/L' }), [{ high: { value: 40, unit: 'U/L' } }]);
    const v = normalised(l);
    expect(v.usable).toBe(true);
    expect(v.value).toBe(80);
    expect(v.xUln).toBeCloseTo(2, 6);
  });

  it('IgG in mg/dL converts to g/L (100 mg/dL = 1 g/L) against the default 16 g/L', () => {
    const v = normalised(lab('igg', D, 1800, { unit: 'mg/dL', high: null }));
    expect(v.value).toBeCloseTo(18, 6);
    expect(v.unit).toBe('g/L');
    expect(v.xUln).toBeCloseTo(18 / 16, 6);
    expect(v.ulnSource).toBe('default');
  });

  it('IgG in g/L against a reference range in mg/dL: 16 g/L vs 1600 mg/dL is 1.0×ULN', () => {
    const l = withRanges(lab('igg', D, 16, { unit: 'g/L' }), [{ high: { value: 1600, unit: 'mg/dL' } }]);
    expect(normalised(l).xUln).toBeCloseTo(1, 6);
  });

  it('a unit that cannot be converted gives a data-quality note; the value is shown raw and not used', () => {
    const { value, notes } = normaliseOne(lab('alt', D, 80, { unit: 'mg/dL', high: null }));
    expect(value?.rawValue).toBe(80);
    expect(value?.usable).toBe(false);
    expect(notes.map((n) => n.code)).toContain('unit-not-convertible');
  });

  it('an unconvertible unit is not used even when the lab gives a reference range without a unit', () => {
    const { value, notes } = normaliseOne(lab('alt', D, 80, { unit: 'mg/dL', high: 40 }));
    expect(value?.rawValue).toBe(80);
    expect(value?.usable).toBe(false);
    expect(notes.map((n) => n.code)).toContain('unit-not-convertible');
  });

  it('ALT in U/L against a reference range in µkat/L is converted before dividing', () => {
    const l = withRanges(lab('alt', D, 80, { unit: 'U/L' }), [{ high: { value: 0.5, unit: 'ukat/L' } }]);
    const v = normalised(l);
    expect(v.uln).toBeCloseTo(30, 6);
    expect(v.xUln).toBeCloseTo(80 / 30, 6);
  });

  it.each([
    [
      'ALT 28.8 U/L against a ULN of 0.48 µkat/L (28.8 U/L)',
      lab('alt', D, 28.8),
      { value: 0.48, unit: 'ukat/L' },
    ],
    [
      'ALT 0.26 µkat/L against a ULN of 15.6 U/L',
      lab('alt', D, 0.26, { unit: 'ukat/L' }),
      { value: 15.6, unit: 'U/L' },
    ],
    [
      'IgG 1740 mg/dL against a ULN of 17.4 g/L',
      lab('igg', D, 1740, { unit: 'mg/dL' }),
      { value: 17.4, unit: 'g/L' },
    ],
  ])('%s is exactly 1.0×ULN after conversion, so it counts as normal', (_name, l, high) => {
    expect(normalised(withRanges(l, [{ high }])).xUln).toBeLessThanOrEqual(1);
  });

  it('a CBR panel whose IgG equals the ULN only after conversion (1740 mg/dL vs 17.4 g/L) is a complete response', () => {
    const igg = withRanges(lab('igg', at(60), 1740, { unit: 'mg/dL' }), [
      { high: { value: 17.4, unit: 'g/L' } },
    ]);
    const a = assessFirstLine([lab('alt', at(60), 20), lab('ast', at(60), 20), igg], 100);
    expect(a.response).toBe('complete-biochemical-response');
  });

  it('a result without a number gives a data-quality note', () => {
    const { value, notes } = normaliseOne(lab('alt', D, Number.NaN));
    expect(value?.usable ?? false).toBe(false);
    expect(notes.length).toBeGreaterThan(0);
  });

  it('an ALT with an unconvertible unit cannot complete a CBR panel', () => {
    const labs = [
      lab('alt', at(60), 20, { unit: 'mg/dL', high: null }),
      lab('ast', at(60), 20),
      lab('igg', at(60), 10),
    ];
    const a = assessFirstLine(labs, 100);
    expect(a.response).not.toBe('complete-biochemical-response');
    expect(a.dataQuality.map((n) => n.code)).toContain('unit-not-convertible');
  });

  it('thiopurine metabolites in the canonical unit pmol/{8.10*8.RBC} are usable', () => {
    const v = normalised(lab('mmp6', D, 3000, { unit: 'pmol/{8.10*8.RBC}' }));
    expect(v.usable).toBe(true);
    expect(v.value).toBe(3000);
  });

  it('thiopurine metabolites written pmol/8x10^8 RBC are usable', () => {
    const v = normalised(lab('tgn6', D, 250, { unit: METABOLITE_UNIT }));
    expect(v.usable).toBe(true);
    expect(v.value).toBe(250);
  });
});

describe('ULN source (§2): lab, then lab-text, then default', () => {
  it('referenceRange.high with no type is the lab ULN', () => {
    const v = normalised(lab('alt', D, 80, { high: 40 }));
    expect(v.ulnSource).toBe('lab');
    expect(v.uln).toBe(40);
    expect(v.xUln).toBeCloseTo(2, 6);
  });

  it('referenceRange.high of a range typed "normal" is the lab ULN', () => {
    const v = normalised(withRanges(lab('ast', D, 60), [{ type: 'normal', high: { value: 30 } }]));
    expect(v.ulnSource).toBe('lab');
    expect(v.xUln).toBeCloseTo(2, 6);
  });

  it('a range of another type (therapeutic) does not give the ULN: the default is used', () => {
    const v = normalised(withRanges(lab('ast', D, 68), [{ type: 'therapeutic', high: { value: 100 } }]));
    expect(v.ulnSource).toBe('default');
    expect(v.xUln).toBeCloseTo(2, 6); // 68 / 34
  });

  it.each([
    ['female', 35],
    ['male', 50],
  ] as const)('of ranges by sex (appliesTo) the %s one applies: ULN %d', (gender, uln) => {
    const l = withRanges(lab('alt', D, 70), [
      { high: { value: 50 }, appliesTo: ['male'] },
      { high: { value: 35 }, appliesTo: ['female'] },
    ]);
    const v = normalised(l, { gender });
    expect(v.ulnSource).toBe('lab');
    expect(v.uln).toBe(uln);
    expect(v.xUln).toBeCloseTo(70 / uln, 6);
  });

  it('of ranges by age the adult one applies to an adult', () => {
    const l = withRanges(lab('alt', D, 60), [
      { high: { value: 30 }, ageYears: { high: 17 } },
      { high: { value: 40 }, ageYears: { low: 18 } },
    ]);
    const v = normalised(l, { birthDate: '1980-01-01' });
    expect(v.ulnSource).toBe('lab');
    expect(v.uln).toBe(40);
  });

  it.each([
    ['10-40', 40],
    ['<40 U/L', 40],
    ['<= 40', 40],
    ['0 - 35', 35],
  ])('referenceRange.text "%s" gives a lab-text ULN of %d', (text, uln) => {
    const v = normalised(lab('alt', D, 70, { high: null, text }));
    expect(v.ulnSource).toBe('lab-text');
    expect(v.uln).toBe(uln);
    expect(v.xUln).toBeCloseTo(70 / uln, 6);
  });

  it('referenceRange.high wins over referenceRange.text', () => {
    const v = normalised(withRanges(lab('alt', D, 90), [{ high: { value: 45 }, text: '10-40' }]));
    expect(v.ulnSource).toBe('lab');
    expect(v.uln).toBe(45);
  });

  it.each([
    ['alt', 'male', 59],
    ['alt', 'female', 41],
    ['ast', 'male', 34],
    ['ast', 'female', 34],
    ['igg', 'female', 16],
  ] as const)('default ULN of %s for a %s patient is %d', (analyte, gender, uln) => {
    const v = normalised(lab(analyte, D, uln * 2, { high: null }), { gender });
    expect(v.ulnSource).toBe('default');
    expect(v.uln).toBe(uln);
    expect(v.xUln).toBeCloseTo(2, 6);
  });

  it('the site configuration replaces the default ULN', () => {
    const record = patient({ gender: 'female', labs: [lab('alt', D, 70, { high: null })] });
    const { values } = normaliseLabs(record, {
      defaultUln: { altMale: 50, altFemale: 35, ast: 30, igg: 15 },
    });
    expect(values[0]?.uln).toBe(35);
    expect(values[0]?.xUln).toBeCloseTo(2, 6);
  });
});

describe('comparators (§2): "<x"/"<=x" with x ≤ ULN is normal, ">x" is at least x', () => {
  it.each(['<', '<='] as const)('ALT "%s40" with ULN 40 counts as normal in a CBR panel', (comparator) => {
    const labs = [lab('alt', at(60), 40, { comparator }), lab('ast', at(60), 20), lab('igg', at(60), 10)];
    expect(assessFirstLine(labs, 100).response).toBe('complete-biochemical-response');
  });

  it('ALT "<50" with ULN 40 is not known to be normal: no CBR panel', () => {
    const labs = [
      lab('alt', at(60), 50, { comparator: '<' }),
      lab('ast', at(60), 20),
      lab('igg', at(60), 10),
    ];
    expect(assessFirstLine(labs, 100).response).toBe('too-early');
  });

  it('ALT ">10" with ULN 40 is not known to be normal: no CBR panel', () => {
    const labs = [
      lab('alt', at(60), 10, { comparator: '>' }),
      lab('ast', at(60), 20),
      lab('igg', at(60), 10),
    ];
    expect(assessFirstLine(labs, 100).response).toBe('too-early');
  });

  it('ALT ">200" with ULN 40 counts as at least 5×ULN: a loss event after a CBR panel', () => {
    const labs = [...panel(at(60), 0.5, 0.5, 0.5), lab('alt', at(120), 200, { comparator: '>' })];
    expect(assessFirstLine(labs, 130).response).toBe('loss-of-response');
  });
});

describe('duplicates and statuses (§1, §2)', () => {
  it('results with the same analyte, time and value are merged into one', () => {
    const a = lab('alt', D, 80);
    const b = lab('alt', D, 80);
    const { values } = normaliseLabs(patient({ labs: [a, b] }));
    expect(values.filter((v) => v.analyte === 'alt')).toHaveLength(1);
  });

  it('merges exactly the results whose analyte, time, comparator, value and unit read the same', () => {
    // Each pair differs in one field, or only in how an equal field is written (no unit and an empty
    // one, 0 and -0); the rule is the one of a key written as text: `analyte|time|comparator value|unit`.
    const key = (l: LabResult) =>
      `${l.analyte}|${l.effective}|${l.comparator ?? ''}${l.value}|${l.unit ?? ''}`;
    const variants: LabResult[] = [
      lab('alt', D, 80),
      lab('alt', D, 80, { comparator: '<' }),
      lab('alt', D, 80, { unit: 'ukat/L' }),
      { ...lab('alt', D, 80), unit: '' },
      { ...lab('alt', D, 80), unit: undefined },
      lab('alt', `${D}T08:00:00Z`, 80),
      lab('ast', D, 80),
      lab('alt', D, 0),
      lab('alt', D, -0),
      lab('alt', D, 800),
      lab('alt', D, 8),
    ];
    for (const a of variants)
      for (const b of variants) {
        const { values } = normaliseLabs(patient({ labs: [a, { ...b, ref: `${b.ref}-copy` }] }));
        expect(values.length, `${key(a)} and ${key(b)}`).toBe(key(a) === key(b) ? 1 : 2);
      }
  });

  it('results with the same analyte and time but another value are both kept', () => {
    const { values } = normaliseLabs(patient({ labs: [lab('alt', D, 80), lab('alt', D, 81)] }));
    expect(values.filter((v) => v.analyte === 'alt')).toHaveLength(2);
  });

  it('a preliminary result is shown (with a note) but not usable', () => {
    const { value, notes } = normaliseOne(lab('alt', D, 80, { status: 'preliminary' }));
    expect(value).toBeDefined();
    expect(value?.usable).toBe(false);
    expect(notes.length).toBeGreaterThan(0);
  });

  it('a preliminary IgG cannot complete a CBR panel', () => {
    const labs = [
      lab('alt', at(60), 20),
      lab('ast', at(60), 20),
      lab('igg', at(60), 10, { status: 'preliminary' }),
    ];
    expect(assessFirstLine(labs, 100).response).toBe('too-early');
  });

  it.each(['entered-in-error', 'cancelled'])('a result with status %s is excluded entirely', (status) => {
    const { values } = normaliseLabs(patient({ labs: [lab('alt', D, 80, { status })] }));
    expect(values).toHaveLength(0);
  });

  it('an entered-in-error ALT above 2×ULN is not a loss event', () => {
    const labs = [...panel(at(60), 0.5, 0.5, 0.5), lab('alt', at(120), 400, { status: 'entered-in-error' })];
    expect(assessFirstLine(labs, 130).response).toBe('complete-biochemical-response');
  });

  it.each(['final', 'amended', 'corrected'])('a %s result is used for classification', (status) => {
    const labs = [lab('alt', at(60), 20, { status }), lab('ast', at(60), 20), lab('igg', at(60), 10)];
    expect(assessFirstLine(labs, 100).response).toBe('complete-biochemical-response');
  });
});
