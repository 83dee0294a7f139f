import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import type { Assessment, LabResult, MedicationExposure } from '../../../src/core/types.js';
import { day, firstLine, lab, med, panel, patient, withRanges } from './builders.js';

const T = '2024-01-01';
const at = (n: number) => day(T, n);

function assessAt(meds: MedicationExposure[], labs: LabResult[], n: number): Assessment {
  return assess(patient({ meds, labs }), { asOf: at(n) });
}

/** ALT at k×ULN (lab ULN 40). */
const alt = (n: number, k: number) => lab('alt', at(n), k * 40);

describe('tailor-like (§4): insufficient response on ≥ 6 months of thiopurine + steroid, ALT ≥ 1.5×ULN for 2 months', () => {
  it('two ALT at exactly 1.5×ULN 56 days apart, the latest 4 days before as-of: tailor-like', () => {
    const a = assessAt(firstLine(T), [alt(240, 1.5), alt(296, 1.5)], 300);
    expect(a.response).toBe('insufficient-response');
    expect(a.qualifiers).toContain('tailor-like');
  });

  it('ALT at exactly 1.5×ULN after unit conversion (41.4 U/L vs ULN 0.46 µkat/L) counts: tailor-like', () => {
    const at15 = (n: number) =>
      withRanges(lab('alt', at(n), 41.4), [{ high: { value: 0.46, unit: 'ukat/L' } }]);
    const a = assessAt(firstLine(T), [at15(240), at15(296)], 300);
    expect(a.response).toBe('insufficient-response');
    expect(a.qualifiers).toContain('tailor-like');
  });

  it('the earlier ALT at 1.49×ULN: not tailor-like', () => {
    const a = assessAt(firstLine(T), [alt(240, 1.49), alt(296, 1.5)], 300);
    expect(a.response).toBe('insufficient-response');
    expect(a.qualifiers).not.toContain('tailor-like');
  });

  it('the two ALT only 55 days apart: not tailor-like', () => {
    const a = assessAt(firstLine(T), [alt(241, 2), alt(296, 2)], 300);
    expect(a.response).toBe('insufficient-response');
    expect(a.qualifiers).not.toContain('tailor-like');
  });

  it('an ALT below 1.5×ULN between the two: not tailor-like', () => {
    const a = assessAt(firstLine(T), [alt(240, 2), alt(270, 1.4), alt(296, 2)], 300);
    expect(a.response).toBe('insufficient-response');
    expect(a.qualifiers).not.toContain('tailor-like');
  });

  it('the latest ALT 31 days before as-of: tailor-like', () => {
    const a = assessAt(firstLine(T), [alt(240, 2), alt(296, 2)], 327);
    expect(a.qualifiers).toContain('tailor-like');
  });

  it('the latest ALT 32 days before as-of: not tailor-like', () => {
    const a = assessAt(firstLine(T), [alt(240, 2), alt(296, 2)], 328);
    expect(a.response).toBe('insufficient-response');
    expect(a.qualifiers).not.toContain('tailor-like');
  });

  it('azathioprine stopped 100 days before as-of (no thiopurine throughout the last 6 months): not tailor-like', () => {
    const meds = [med('prednisolone', T), med('azathioprine', T, { end: at(200) })];
    const a = assessAt(meds, [alt(240, 2), alt(296, 2)], 300);
    expect(a.response).toBe('insufficient-response');
    expect(a.qualifiers).not.toContain('tailor-like');
  });

  it('a 50-day steroid gap within the last 6 months: not tailor-like', () => {
    const meds = [
      med('prednisolone', T, { end: at(150) }),
      med('prednisolone', at(200)),
      med('azathioprine', T),
    ];
    const a = assessAt(meds, [alt(240, 2), alt(296, 2)], 300);
    expect(a.response).toBe('insufficient-response');
    expect(a.qualifiers).not.toContain('tailor-like');
  });

  it('steroid without a thiopurine: not tailor-like', () => {
    const a = assessAt([med('prednisolone', T)], [alt(240, 2), alt(296, 2)], 300);
    expect(a.response).toBe('insufficient-response');
    expect(a.qualifiers).not.toContain('tailor-like');
  });

  it('a complete response is never tailor-like', () => {
    const a = assessAt(firstLine(T), [...panel(at(100), 0.5, 0.5, 0.5)], 300);
    expect(a.qualifiers).not.toContain('tailor-like');
  });
});

describe('latest-above-uln (§4): CBR or late response with the latest ALT, AST or IgG > 1×ULN', () => {
  it('CBR then a single ALT at 1.5×ULN (no loss event): latest-above-uln', () => {
    const a = assessAt(firstLine(T), [...panel(at(60), 0.5, 0.5, 0.5), alt(120, 1.5)], 130);
    expect(a.response).toBe('complete-biochemical-response');
    expect(a.qualifiers).toContain('latest-above-uln');
  });

  it('CBR then IgG at 1.2×ULN: latest-above-uln', () => {
    const a = assessAt(firstLine(T), [...panel(at(60), 0.5, 0.5, 0.5), lab('igg', at(120), 16 * 1.2)], 130);
    expect(a.response).toBe('complete-biochemical-response');
    expect(a.qualifiers).toContain('latest-above-uln');
  });

  it('late response then AST at 1.2×ULN: latest-above-uln', () => {
    const a = assessAt(firstLine(T), [...panel(at(250), 0.5, 0.5, 0.5), lab('ast', at(280), 48)], 290);
    expect(a.response).toBe('late-response');
    expect(a.qualifiers).toContain('latest-above-uln');
  });

  it('CBR with the latest values at exactly 1.0×ULN: no latest-above-uln', () => {
    const a = assessAt(firstLine(T), [...panel(at(60), 0.5, 0.5, 0.5), ...panel(at(120), 1, 1, 1)], 130);
    expect(a.response).toBe('complete-biochemical-response');
    expect(a.qualifiers).not.toContain('latest-above-uln');
  });
});

describe('uln-default (§4): a deciding value relied on a default ULN', () => {
  it('a CBR panel whose ALT has no reference range: uln-default', () => {
    const labs = [lab('alt', at(60), 20, { high: null }), lab('ast', at(60), 20), lab('igg', at(60), 10)];
    const a = assessAt(firstLine(T), labs, 100);
    expect(a.response).toBe('complete-biochemical-response');
    expect(a.qualifiers).toContain('uln-default');
    expect(a.evidence.some((e) => e.analyte === 'alt' && e.ulnSource === 'default')).toBe(true);
  });

  it('a CBR panel with lab ranges only: no uln-default', () => {
    const a = assessAt(firstLine(T), panel(at(60), 0.5, 0.5, 0.5), 100);
    expect(a.response).toBe('complete-biochemical-response');
    expect(a.qualifiers).not.toContain('uln-default');
  });

  it('an insufficient response decided by a lab-text ULN: no uln-default', () => {
    const a = assessAt(firstLine(T), [lab('alt', at(160), 100, { high: null, text: '10-40' })], 200);
    expect(a.response).toBe('insufficient-response');
    expect(a.qualifiers).not.toContain('uln-default');
  });
});

describe('second-line-failure (§4): second-line regimen with a failing state', () => {
  const secondLine = (): MedicationExposure[] => [
    med('prednisolone', T),
    med('azathioprine', T, { end: at(100) }),
    med('mycophenolate', at(110)),
  ];
  /** Days after the mycophenolate start (Tline = day 110). */
  const s = (n: number) => 110 + n;

  it('insufficient response on second line: second-line-failure', () => {
    const a = assessAt(secondLine(), [lab('alt', at(s(160)), 100)], s(200));
    expect(a.line).toBe('second');
    expect(a.response).toBe('insufficient-response');
    expect(a.qualifiers).toContain('second-line-failure');
  });

  it('non-response on second line: second-line-failure', () => {
    const a = assessAt(secondLine(), [lab('alt', at(s(-2)), 400), lab('alt', at(s(28)), 300)], s(50));
    expect(a.response).toBe('non-response');
    expect(a.qualifiers).toContain('second-line-failure');
  });

  it('loss of response on second line: second-line-failure', () => {
    const a = assessAt(
      secondLine(),
      [...panel(at(s(60)), 0.5, 0.5, 0.5), lab('alt', at(s(100)), 100)],
      s(110),
    );
    expect(a.response).toBe('loss-of-response');
    expect(a.qualifiers).toContain('second-line-failure');
  });

  it('insufficient response on first line: no second-line-failure', () => {
    const a = assessAt(firstLine(T), [lab('alt', at(160), 100)], 200);
    expect(a.response).toBe('insufficient-response');
    expect(a.qualifiers).not.toContain('second-line-failure');
  });

  it('too-early on second line: no second-line-failure', () => {
    const a = assessAt(secondLine(), [lab('alt', at(s(60)), 100)], s(100));
    expect(a.response).toBe('too-early');
    expect(a.qualifiers).not.toContain('second-line-failure');
  });
});
