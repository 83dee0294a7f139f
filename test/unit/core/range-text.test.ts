/**
 * referenceRange.text (rules §2, `lab-text`): one range is read; several ranges, or a range for an age
 * group, are not; ranges by sex only through the patient's sex, one range per sex.
 */
import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import { normaliseLabs } from '../../../src/core/normalise.js';
import { readRangeText } from '../../../src/core/range-text.js';
import type { PatientRecord } from '../../../src/core/types.js';
import { day, firstLine, lab, patient } from './builders.js';

const BY_SEX = '0-50 U/L (male); 0-35 U/L (female)';

describe('readRangeText: one range', () => {
  it.each([
    ['10-40', 40],
    ['0-35', 35],
    ['0 - 35', 35],
    ['<40 U/L', 40],
    ['<= 40', 40],
    ['≤40', 40],
    ['up to 40', 40],
    ['0-35 U/L', 35],
    ['7,0-16,0 g/L', 16],
    ['0-35 U/L; fasting sample', 35],
  ])('%j gives %d', (text, high) => {
    for (const gender of ['female', 'male', undefined] as const)
      expect(readRangeText(text, gender)).toEqual({ kind: 'high', high });
  });

  it.each(['Normal: 0-35', 'see comment', 'negative', ''])('%j gives no limit (not a range)', (text) => {
    expect(readRangeText(text, 'female')).toEqual({ kind: 'none' });
  });
});

describe('readRangeText: several ranges, sexes and age groups', () => {
  it.each([
    [BY_SEX, 'female', 35],
    [BY_SEX, 'male', 50],
    ['10-50 (M), 7-35 (F)', 'female', 35],
    ['10-50 (M), 7-35 (F)', 'male', 50],
    ['Male: <50; Female: <35', 'female', 35],
    ['Men 10-50 | Women 7-35', 'male', 50],
    ['0-35 U/L (female)', 'female', 35],
  ] as const)('%j for a %s patient gives %d', (text, gender, high) => {
    expect(readRangeText(text, gender)).toEqual({ kind: 'high', high });
  });

  it.each([
    [BY_SEX, undefined],
    [BY_SEX, 'unknown'],
    [BY_SEX, 'other'],
    ['10-50 (M), 7-35 (F)', undefined],
    ['0-35 U/L (female)', 'male'],
    ['0-35 U/L (female)', undefined],
    ['Male 10-50 Female 7-35', 'female'], // both in one piece: which number is whose is not read
    ['10-50 (M); 7-35 (M)', 'male'],
    ['10-50 (M); 7-35', 'male'],
    ['0-50 U/L 0-35 U/L', 'female'],
    ['0-50; 0-35', 'female'],
    ['<40 U/L, <35 U/L', 'female'],
    ['10-40 (adult); 5-30 (child)', 'female'],
    ['0-35 (adults)', 'female'],
    ['18-65 years: 0-35', 'female'],
    ['10-50,7-35', 'female'],
  ] as const)('%j for a %s patient is not read', (text, gender) => {
    expect(readRangeText(text, gender).kind).toBe('refused');
  });
});

describe('a range labelled for adults alone', () => {
  it.each([
    ['7-56 U/L (Adult)', 44, { kind: 'high', high: 56 }],
    ['0-35 (adults)', 18, { kind: 'high', high: 35 }],
    [
      '0-35 (adults)',
      17,
      { kind: 'refused', why: 'it gives an adult range and the patient is not known to be an adult' },
    ],
    [
      '0-35 (adults)',
      undefined,
      { kind: 'refused', why: 'it gives an adult range and the patient is not known to be an adult' },
    ],
    ['10-40 (adult); 5-30 (child)', 44, { kind: 'refused', why: 'it names an age group' }],
    ['adults 18-65 years: 0-35', 44, { kind: 'refused', why: 'it names an age group' }],
  ] as const)('%j at age %s', (text, age, reading) => {
    expect(readRangeText(text, 'female', age)).toEqual(reading);
  });

  it('normalise gives the age at the result: "7-56 U/L (Adult)" is ULN 56 for a woman born 1980', () => {
    const l = lab('alt', '2024-03-01', 50, { high: null, text: '7-56 U/L (Adult)' });
    const { values } = normaliseLabs(patient({ labs: [l] }));
    expect(values[0]).toMatchObject({ uln: 56, ulnSource: 'lab-text' });
  });
});

describe('ULN from a range text by sex (normalise)', () => {
  const D = '2024-03-01';
  const one = (gender: PatientRecord['gender'], text: string) => {
    const l = lab('alt', D, 45, { high: null, text });
    const { values, notes } = normaliseLabs({ ...patient({ labs: [l] }), gender });
    return { value: values[0]!, notes };
  };

  it("a woman's ALT 45 against the ranges by sex is 45/35, from the lab text", () => {
    const { value, notes } = one('female', BY_SEX);
    expect(value).toMatchObject({ uln: 35, ulnSource: 'lab-text' });
    expect(value.xUln).toBeCloseTo(45 / 35, 6);
    expect(notes).toEqual([]);
  });

  it("a man's ALT 45 against the same text is 45/50", () => {
    expect(one('male', BY_SEX).value).toMatchObject({ uln: 50, ulnSource: 'lab-text' });
  });

  it('sex unknown: the text is not read; the default (female) ULN, with a note naming the text', () => {
    const { value, notes } = one('unknown', BY_SEX);
    expect(value).toMatchObject({ uln: 41, ulnSource: 'default' });
    expect(notes.map((n) => n.code)).toContain('reference-range-ambiguous');
    expect(notes.find((n) => n.code === 'reference-range-ambiguous')?.message).toContain(BY_SEX);
  });

  it('two ranges without a sex: the default ULN', () => {
    const { value, notes } = one('female', '0-50 U/L; 0-35 U/L');
    expect(value).toMatchObject({ uln: 41, ulnSource: 'default' });
    expect(notes.map((n) => n.code)).toEqual(['reference-range-ambiguous']);
  });

  it('one range with a unit is still read', () => {
    expect(one('female', '0-40 U/L').value).toMatchObject({ uln: 40, ulnSource: 'lab-text' });
  });
});

describe('state from a range text by sex (assess)', () => {
  const T = '2024-01-01';
  const labs = (text: string) => [
    lab('alt', day(T, 60), 45, { high: null, text }),
    lab('ast', day(T, 60), 20),
    lab('igg', day(T, 60), 10),
  ];
  const stateOf = (gender: PatientRecord['gender'], text: string) =>
    assess({ ...patient({ meds: firstLine(T), labs: labs(text) }), gender }, { asOf: day(T, 100) }).response;

  it('ALT 45 for a woman is above her 35: no CBR panel (too early at day 100)', () => {
    expect(stateOf('female', BY_SEX)).toBe('too-early');
  });

  it('ALT 45 for a man is below his 50: a CBR panel', () => {
    expect(stateOf('male', BY_SEX)).toBe('complete-biochemical-response');
  });

  it('ALT 45 with "0-50" for a woman: a CBR panel (the single range applies)', () => {
    expect(stateOf('female', '0-50')).toBe('complete-biochemical-response');
  });
});
