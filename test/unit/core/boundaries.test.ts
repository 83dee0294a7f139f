/**
 * Both sides of the day and value boundaries of clinical-rules.md §2–§7 (windows in days as
 * recorded in rule-interpretations.md).
 */
import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import type { Assessment, LabResult, MedicationExposure, PatientRecord } from '../../../src/core/types.js';
import {
  cond,
  day,
  firstLine,
  lab,
  med,
  panel,
  patient,
  pregnancyObs,
  type PatientParts,
} from './builders.js';

const T = '2024-01-01';
const at = (n: number) => day(T, n);
const AS_OF = '2024-06-15';
const before = (n: number) => day(AS_OF, -n);

const flagsOf = (parts: PatientParts): Assessment['safetyFlags'] =>
  assess(patient({ meds: firstLine(T), ...parts }), { asOf: AS_OF }).safetyFlags;
const onFirstLine = (labs: LabResult[], n: number, more: PatientParts = {}): Assessment =>
  assess(patient({ meds: firstLine(T), labs, ...more }), { asOf: at(n) });
const withMeds = (meds: MedicationExposure[], n: number): Assessment =>
  assess(patient({ meds }), { asOf: at(n) });

describe('safety-flag windows (§7): the last day in, the first day out', () => {
  it.each([
    [274, true],
    [275, false],
  ])('pregnancy-status "pregnant" %d days before as-of: pregnancy %s', (n, flagged) => {
    expect(flagsOf({ pregnancyStatus: [pregnancyObs(before(n), true)] }).includes('pregnancy')).toBe(flagged);
  });

  it.each([
    [365, true],
    [366, false],
  ])('eGFR 59.9 %d days before as-of: egfr-below-60 %s', (n, flagged) => {
    expect(flagsOf({ labs: [lab('egfr', before(n), 59.9)] }).includes('egfr-below-60')).toBe(flagged);
  });

  it.each([
    [183, true],
    [184, false],
  ])('INR 1.8 %d days before as-of: decompensated %s', (n, flagged) => {
    expect(flagsOf({ labs: [lab('inr', before(n), 1.8)] }).includes('decompensated')).toBe(flagged);
  });

  it.each([
    [92, true],
    [93, false],
  ])('WBC 2.9 %d days before as-of: leukopenia %s', (n, flagged) => {
    expect(flagsOf({ labs: [lab('wbc', before(n), 2.9)] }).includes('leukopenia')).toBe(flagged);
  });

  it.each([
    [183, true],
    [184, false],
  ])(
    'a resolved decompensation with onset %d days before as-of, not abated: decompensated %s',
    (n, flagged) => {
      const c = cond('decompensation', { clinicalStatus: 'resolved', onset: before(n) });
      expect(flagsOf({ conditions: [cond('aih'), c] }).includes('decompensated')).toBe(flagged);
    },
  );
});

describe('default ALT ULN (§2): 59 U/L men, 41 U/L women, 41 when sex is unknown', () => {
  /** ALT without a reference range on day 160, AST and IgG normal with lab ranges; assessed on day 200. */
  const altOnly = (value: number, gender: PatientRecord['gender']) =>
    onFirstLine(
      [lab('alt', at(160), value, { high: null }), lab('ast', at(160), 20), lab('igg', at(160), 8)],
      200,
      {
        gender,
      },
    );

  it.each([
    ['male', 59, 'complete-biochemical-response', 59],
    ['male', 59.1, 'insufficient-response', 59],
    ['female', 41, 'complete-biochemical-response', 41],
    ['female', 41.1, 'insufficient-response', 41],
    ['unknown', 41, 'complete-biochemical-response', 41],
    ['unknown', 41.1, 'insufficient-response', 41],
    [undefined, 41.1, 'insufficient-response', 41],
  ] as const)('%s, ALT %d U/L: %s (ULN %d, default)', (gender, value, state, uln) => {
    const a = altOnly(value, gender);
    expect(a.response).toBe(state);
    expect(a.evidence.find((e) => e.analyte === 'alt')).toMatchObject({ uln, ulnSource: 'default' });
    expect(a.qualifiers).toContain('uln-default');
  });

  it('unknown sex, ALT 59 U/L (normal for a man) is above the female default: insufficient-response', () => {
    expect(altOnly(59, 'unknown').response).toBe('insufficient-response');
  });
});

describe('tailor-like (§4): ≥ 6 months (183 days) of first line', () => {
  /** ALT 2×ULN on days 120 and 180 (60 days apart), thiopurine and steroid since T. */
  const labs = () => [lab('alt', at(120), 80), lab('alt', at(180), 80)];

  it('183 days of first line: insufficient-response, tailor-like', () => {
    const a = onFirstLine(labs(), 183);
    expect(a.response).toBe('insufficient-response');
    expect(a.qualifiers).toContain('tailor-like');
  });

  it('182 days of first line: too-early, not tailor-like (on first line T0 = Tline, so the 6-month mark decides first)', () => {
    const a = onFirstLine(labs(), 182);
    expect(a.response).toBe('too-early');
    expect(a.qualifiers).not.toContain('tailor-like');
  });
});

describe('first line and T0 (§3): the 90-day windows', () => {
  it('mycophenolate started 90 days before the steroid: first line, T0 its start', () => {
    const a = withMeds([med('mycophenolate', at(-90)), med('prednisolone', T)], 300);
    expect(a.periods.find((p) => p.ingredient === 'mycophenolate')?.line).toBe('first');
    expect(a.explanation.t0).toBe(at(-90));
  });

  it('mycophenolate started 91 days before the steroid: not first line, T0 the steroid start', () => {
    const a = withMeds([med('mycophenolate', at(-91)), med('prednisolone', T)], 300);
    expect(a.periods.find((p) => p.ingredient === 'mycophenolate')?.line).not.toBe('first');
    expect(a.explanation.t0).toBe(T);
  });

  it('azathioprine started 90 days before the steroid: T0 is the azathioprine start', () => {
    const a = withMeds([med('azathioprine', at(-90)), med('prednisolone', T)], 300);
    expect(a.line).toBe('first');
    expect(a.explanation.t0).toBe(at(-90));
  });

  it('azathioprine started 91 days before the steroid: still first line, but T0 is the steroid start', () => {
    const a = withMeds([med('azathioprine', at(-91)), med('prednisolone', T)], 300);
    expect(a.line).toBe('first');
    expect(a.periods.find((p) => p.ingredient === 'azathioprine')?.line).toBe('first');
    expect(a.explanation.t0).toBe(T);
  });
});

describe('loss events (§4)', () => {
  const afterPanel = (...later: LabResult[]) => onFirstLine([...panel(at(60), 0.5, 0.5, 0.5), ...later], 200);

  it.each([
    [13, 'complete-biochemical-response'],
    [14, 'loss-of-response'],
  ])('AST > 1×ULN on two consecutive results %d days apart: %s', (gap, state) => {
    expect(afterPanel(lab('ast', at(100), 50), lab('ast', at(100 + gap), 50)).response).toBe(state);
  });

  it.each(['alt', 'ast'] as const)(
    '%s at exactly 1.0×ULN on two consecutive results 14 days apart: not a loss',
    (a) => {
      expect(afterPanel(lab(a, at(100), 40), lab(a, at(114), 40)).response).toBe(
        'complete-biochemical-response',
      );
    },
  );

  it.each(['alt', 'ast'] as const)(
    '%s just above 1.0×ULN on two consecutive results 14 days apart: a loss',
    (a) => {
      expect(afterPanel(lab(a, at(100), 40.1), lab(a, at(114), 40.1)).response).toBe('loss-of-response');
    },
  );
});

describe('insufficient response (§4): the latest value since Tline + 150 d must be > 1.0×ULN', () => {
  /** ALT and AST on day 160, IgG never measured: no CBR panel is possible. */
  const noPanel = (alt: number) => onFirstLine([lab('alt', at(160), alt), lab('ast', at(160), 40)], 200);

  it('the latest ALT and AST exactly 1.0×ULN, no panel: insufficient-data (IgG missing), not insufficient-response', () => {
    const a = noPanel(40);
    expect(a.response).toBe('insufficient-data');
    expect(a.missing).toEqual([expect.stringMatching(/^igg:/)]);
  });

  it('the latest ALT at 1.0025×ULN, no panel: insufficient-response', () => {
    expect(noPanel(40.1).response).toBe('insufficient-response');
  });
});
