/**
 * Same-day conflicting results of one analyte: the day's worst counts, whatever the input order
 * (rule-interpretations.md, "Same-day results of one analyte").
 */
import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import type { Assessment, LabResult } from '../../../src/core/types.js';
import { day, firstLine, lab, metabolite, panel, patient, recommendationIds } from './builders.js';

const T = '2024-01-01';
const at = (n: number) => day(T, n);

/** The assessment with the labs in the given order and reversed. */
function bothOrders(labs: LabResult[], asOfDay: number): [Assessment, Assessment] {
  const run = (l: LabResult[]) => assess(patient({ meds: firstLine(T), labs: l }), { asOf: at(asOfDay) });
  return [run(labs), run([...labs].reverse())];
}

describe('same-day results: the worst counts as the latest', () => {
  it('ALT 100 (2.5×ULN) and ALT 20 on one day, AST and IgG normal: insufficient-response in both orders', () => {
    const labs = [
      lab('alt', at(160), 100),
      lab('alt', at(160), 20),
      lab('ast', at(160), 20),
      lab('igg', at(160), 8),
    ];
    const [a, b] = bothOrders(labs, 200);
    expect(a.response).toBe('insufficient-response');
    expect(b.response).toBe('insufficient-response');
    expect(a.evidence.map((e) => e.value)).toEqual([100]);
    expect(b.evidence.map((e) => e.value)).toEqual([100]);
  });

  it('ALT 40 (1.0×ULN) and ALT 20 on one day with AST and IgG normal: a CBR panel in both orders', () => {
    const labs = [
      lab('alt', at(160), 40),
      lab('alt', at(160), 20),
      lab('ast', at(160), 20),
      lab('igg', at(160), 8),
    ];
    const [a, b] = bothOrders(labs, 200);
    expect(a.response).toBe('complete-biochemical-response');
    expect(b.response).toBe('complete-biochemical-response');
  });

  it('a raised ALT on two days 14 days apart, each with a normal one the same day: loss-of-response in both orders', () => {
    const labs = [
      ...panel(at(60), 0.5, 0.5, 0.5),
      lab('alt', at(100), 60),
      lab('alt', at(100), 20),
      lab('alt', at(114), 20),
      lab('alt', at(114), 60),
    ];
    const [a, b] = bothOrders(labs, 200);
    expect(a.response).toBe('loss-of-response');
    expect(b.response).toBe('loss-of-response');
  });

  it('a raised ALT beside an undecided "<80" on the same day still counts: loss-of-response in both orders', () => {
    const labs = [
      ...panel(at(60), 0.5, 0.5, 0.5),
      lab('alt', at(100), 60),
      lab('alt', at(114), 60),
      lab('alt', at(114), 80, { comparator: '<' }),
    ];
    const [a, b] = bothOrders(labs, 200);
    expect(a.response).toBe('loss-of-response');
    expect(b.response).toBe('loss-of-response');
  });

  it('only one of the two days raised: no loss event, latest-above-uln in both orders', () => {
    const labs = [
      ...panel(at(60), 0.5, 0.5, 0.5),
      lab('alt', at(100), 30),
      lab('alt', at(100), 20),
      lab('alt', at(114), 20),
      lab('alt', at(114), 60),
    ];
    for (const a of bothOrders(labs, 200)) {
      expect(a.response).toBe('complete-biochemical-response');
      expect(a.qualifiers).toContain('latest-above-uln');
    }
  });

  it('AST raised on two days 14 days apart with same-day normal results: loss-of-response in both orders', () => {
    const labs = [
      ...panel(at(60), 0.5, 0.5, 0.5),
      lab('ast', at(100), 20),
      lab('ast', at(100), 50),
      lab('ast', at(114), 50),
      lab('ast', at(114), 20),
    ];
    const [a, b] = bothOrders(labs, 200);
    expect(a.response).toBe('loss-of-response');
    expect(b.response).toBe('loss-of-response');
  });

  it('eGFR 55 and 65 on one day: egfr-below-60 in both orders', () => {
    const labs = [lab('egfr', at(190), 55), lab('egfr', at(190), 65)];
    for (const a of bothOrders(labs, 200)) expect(a.safetyFlags).toContain('egfr-below-60');
  });

  it('WBC 2.5 and 4.0 on one day: leukopenia in both orders', () => {
    const labs = [lab('wbc', at(190), 2.5), lab('wbc', at(190), 4)];
    for (const a of bothOrders(labs, 200)) expect(a.safetyFlags).toContain('leukopenia');
  });

  it('6-TGN 250 and 150 on one day: a 6-TGN ≥ 220 is on record, so no optimise-azathioprine in either order (v2 §6)', () => {
    const labs = [
      lab('alt', at(160), 100),
      lab('ast', at(160), 60),
      lab('igg', at(160), 20),
      lab('weight', at(150), 70),
      metabolite('mmp6', at(170), 3000),
      metabolite('tgn6', at(170), 250),
      metabolite('tgn6', at(170), 150),
    ];
    const run = (l: LabResult[]) =>
      assess(patient({ meds: firstLine(T, { azaDose: 50 }), labs: l }), { asOf: at(200) });
    for (const a of [run(labs), run([...labs].reverse())]) {
      expect(a.response).toBe('insufficient-response');
      expect(recommendationIds(a)).not.toContain('optimise-azathioprine');
      expect(recommendationIds(a)).toContain('mmf-after-optimisation');
    }
  });

  it('results on different days keep date order: a later normal ALT is the latest', () => {
    const labs = [
      lab('alt', at(160), 100),
      lab('alt', at(161), 20),
      lab('ast', at(161), 20),
      lab('igg', at(161), 8),
    ];
    for (const a of bothOrders(labs, 200)) expect(a.response).toBe('complete-biochemical-response');
  });
});
