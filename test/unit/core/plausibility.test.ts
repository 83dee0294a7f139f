import { describe, expect, it } from 'vitest';
import { assessWithValues } from '../../../src/core/assess.js';
import { CANONICAL_UNIT } from '../../../src/core/codes.js';
import { normaliseLabs } from '../../../src/core/normalise.js';
import { UPPER_BOUND } from '../../../src/core/plausibility.js';
import type { AnalyteId, LabResult } from '../../../src/core/types.js';
import { lab, patient, withRanges } from './builders.js';

const D = '2024-03-01';

function normaliseOne(l: LabResult) {
  const { values, notes } = normaliseLabs(patient({ labs: [l] }));
  return { value: values.find((v) => v.ref === l.ref), notes: notes.filter((n) => n.resource === l.ref) };
}

const ANALYTES = Object.keys(UPPER_BOUND) as AnalyteId[];
/** Each analyte's canonical unit as a lab writes it (the metabolite unit has no UCUM form). */
const UNIT_WRITTEN: Partial<Record<AnalyteId, string>> = {
  tgn6: 'pmol/8x10^8 RBC',
  mmp6: 'pmol/8x10^8 RBC',
  inr: '',
};

function resultAt(analyte: AnalyteId, value: number): LabResult {
  const unit = UNIT_WRITTEN[analyte] ?? CANONICAL_UNIT[analyte];
  // ALT, AST and IgG carry a lab ULN so the value itself is what is judged.
  const high = analyte === 'alt' || analyte === 'ast' ? 40 : analyte === 'igg' ? 16 : null;
  return lab(analyte, D, value, { unit, high });
}

describe('physiologically possible bounds, each tested on both sides', () => {
  it.each(ANALYTES)('%s at its bound is used; above it is a note and is not used', (analyte) => {
    const bound = UPPER_BOUND[analyte];
    const at = normaliseOne(resultAt(analyte, bound));
    expect(at.notes).toEqual([]);
    expect(at.value?.usable).toBe(true);
    const above = normaliseOne(resultAt(analyte, bound * 1.01));
    expect(above.value?.usable).toBe(false);
    expect(above.value?.xUln).toBeUndefined();
    expect(above.notes.map((n) => n.code)).toEqual(['implausible-value']);
    expect(above.notes[0]?.message).toMatch(/no patient reaches; shown as reported, not used/);
  });

  it.each(ANALYTES)('a negative %s is a note and is not used; zero is used', (analyte) => {
    const negative = normaliseOne(resultAt(analyte, -1));
    expect(negative.value?.usable).toBe(false);
    expect(negative.notes.map((n) => n.code)).toEqual(['implausible-value']);
    expect(normaliseOne(resultAt(analyte, 0)).value?.usable).toBe(true);
  });

  it('a negative ALT in a unit that cannot be converted is still caught', () => {
    const { notes } = normaliseOne(lab('alt', D, -5, { unit: 'bananas', high: null }));
    expect(notes.map((n) => n.code)).toEqual(['implausible-value']);
  });
});

describe('upper limits of normal that cannot be real', () => {
  it.each([0, -40])(
    'a reference range high of %s gives a note and the value is not used (no default ULN)',
    (high) => {
      const { value, notes } = normaliseOne(lab('alt', D, 80, { unit: 'U/L', high }));
      expect(value?.usable).toBe(false);
      expect(value?.xUln).toBeUndefined();
      expect(notes.map((n) => n.code)).toEqual(['implausible-uln']);
    },
  );

  it('a ULN of 1 U/L is the lowest accepted; below it the value is not used', () => {
    expect(normaliseOne(lab('alt', D, 80, { unit: 'U/L', high: 1 })).value?.xUln).toBe(80);
    const tiny = normaliseOne(lab('alt', D, 80, { unit: 'U/L', high: 0.99 }));
    expect(tiny.value?.usable).toBe(false);
    expect(tiny.notes.map((n) => n.code)).toEqual(['implausible-uln']);
  });

  it('a reference range with its low above its high gives a note; low equal to high does not', () => {
    const inverted = withRanges(lab('alt', D, 80, { unit: 'U/L', high: null }), [
      { low: { value: 50, unit: 'U/L' }, high: { value: 40, unit: 'U/L' } },
    ]);
    const { value, notes } = normaliseOne(inverted);
    expect(value?.usable).toBe(false);
    expect(notes.map((n) => n.code)).toEqual(['reference-range-inverted']);
    const equal = withRanges(lab('alt', D, 80, { unit: 'U/L', high: null }), [
      { low: { value: 40, unit: 'U/L' }, high: { value: 40, unit: 'U/L' } },
    ]);
    expect(normaliseOne(equal).value?.usable).toBe(true);
  });
});

describe('one resource id received twice', () => {
  it('with different content: both shown, neither used, one note', () => {
    const first = lab('alt', D, 80, { unit: 'U/L', high: 40 });
    const second = { ...first, value: 20 };
    const { values, notes } = normaliseLabs(patient({ labs: [first, second] }));
    expect(values).toHaveLength(2);
    expect(values.every((v) => !v.usable)).toBe(true);
    expect(notes.map((n) => n.code)).toEqual(['conflicting-duplicate']);
  });

  it('identical copies are merged and used', () => {
    const first = lab('alt', D, 80, { unit: 'U/L', high: 40 });
    const { values, notes } = normaliseLabs(patient({ labs: [first, { ...first }] }));
    expect(values).toHaveLength(1);
    expect(values[0]?.usable).toBe(true);
    expect(notes).toEqual([]);
  });
});

describe('a ×ULN that is not finite never reaches the assessment', () => {
  const cases: [string, number, number][] = [
    ['ALT 1e308 U/L with ULN 1e-300', 1e308, 1e-300],
    ['ALT 50 U/L with ULN 1e-300', 50, 1e-300],
    ['ALT 1e308 U/L with ULN 40', 1e308, 40],
    ['ALT 50 U/L with ULN 5e-324', 50, 5e-324],
  ];
  it.each(cases)('%s: no Infinity, NaN or null ×ULN anywhere in the assessment JSON', (_name, value, uln) => {
    const labs = [
      lab('alt', D, value, { unit: 'U/L', high: uln }),
      lab('ast', D, 30, { unit: 'U/L', high: 34 }),
      lab('igg', D, 12, { unit: 'g/L', high: 16 }),
    ];
    const { assessment, values } = assessWithValues(patient({ labs }), { asOf: '2024-03-02' });
    const json = JSON.stringify(assessment);
    expect(json).not.toMatch(/Infinity|NaN/);
    expect(json).not.toMatch(/"xUln":null/);
    expect(json).not.toMatch(/e\+\d{3}×ULN|\d{7,}×ULN/);
    expect(values.every((v) => v.xUln === undefined || Number.isFinite(v.xUln))).toBe(true);
    expect(assessment.dataQuality.map((n) => n.code)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^implausible-/)]),
    );
    expect(assessment.evidence.some((e) => e.analyte === 'alt')).toBe(false);
  });
});
