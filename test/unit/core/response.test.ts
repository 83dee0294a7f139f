import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import type { Assessment, LabResult, MedicationExposure, PatientRecord } from '../../../src/core/types.js';
import { cond, day, firstLine, lab, med, panel, patient, recommendationIds, withRanges } from './builders.js';

const T = '2024-01-01';
const at = (n: number) => day(T, n);

/** First line (prednisolone + azathioprine) from T, assessed on day n with these labs. */
function onFirstLine(
  labs: LabResult[],
  n: number,
  more: Partial<Parameters<typeof patient>[0]> = {},
): Assessment {
  return assess(patient({ meds: firstLine(T), labs, ...more }), { asOf: at(n) });
}
const stateOf = (labs: LabResult[], n: number) => onFirstLine(labs, n).response;
const assessRecord = (r: PatientRecord, n: number) => assess(r, { asOf: at(n) });

/** Results above ULN on and after day 150: an insufficient response at day 200 unless something else applies. */
const highAfter150 = (): LabResult[] => [
  lab('alt', at(160), 100),
  lab('ast', at(160), 60),
  lab('igg', at(160), 20),
];

describe('states before treatment: not-applicable, out-of-scope, untreated', () => {
  it('no AIH condition is not-applicable and gives no recommendation', () => {
    const a = assessRecord(patient({ conditions: [], meds: firstLine(T), labs: highAfter150() }), 200);
    expect(a.response).toBe('not-applicable');
    expect(a.recommendations).toEqual([]);
  });

  it('a refuted AIH diagnosis is not-applicable', () => {
    const a = assessRecord(
      patient({ conditions: [cond('aih', { verificationStatus: 'refuted' })], meds: firstLine(T) }),
      200,
    );
    expect(a.response).toBe('not-applicable');
  });

  it.each(['pbc', 'psc', 'liver-transplant'] as const)(
    'AIH with %s is out-of-scope (before untreated)',
    (c) => {
      const a = assessRecord(patient({ conditions: [cond('aih'), cond(c)] }), 200);
      expect(a.response).toBe('out-of-scope');
      expect(recommendationIds(a)).toEqual(['refer-specialist-centre']);
    },
  );

  it('an AIH condition that is resolved (clinical status) does not count: not-applicable', () => {
    const a = assessRecord(
      patient({ conditions: [cond('aih', { clinicalStatus: 'resolved' })], meds: firstLine(T) }),
      200,
    );
    expect(a.response).toBe('not-applicable');
  });

  it.each(['recurrence', 'relapse'])('an AIH condition with clinical status %s counts', (clinicalStatus) => {
    const a = assessRecord(
      patient({ conditions: [cond('aih', { clinicalStatus })], meds: firstLine(T) }),
      100,
    );
    expect(a.response).toBe('too-early');
  });

  it('an inactive PBC does not make AIH out-of-scope', () => {
    const a = assessRecord(
      patient({ conditions: [cond('aih'), cond('pbc', { clinicalStatus: 'inactive' })], meds: firstLine(T) }),
      100,
    );
    expect(a.response).toBe('too-early');
  });

  it('AIH without any first-line exposure is untreated', () => {
    expect(assessRecord(patient({ labs: highAfter150() }), 200).response).toBe('untreated');
  });
});

describe('complete biochemical response (§4): the CBR panel', () => {
  it('ALT, AST and IgG at exactly 1.0×ULN on one day are a CBR panel', () => {
    expect(stateOf(panel(at(60), 1, 1, 1), 100)).toBe('complete-biochemical-response');
  });

  it.each([
    ['ALT', [1.01, 1, 1]],
    ['AST', [1, 1.01, 1]],
    ['IgG', [1, 1, 1.01]],
  ] as const)('%s at 1.01×ULN is not normal: no CBR panel', (_name, [alt, ast, igg]) => {
    expect(stateOf(panel(at(60), alt, ast, igg), 100)).toBe('too-early');
  });

  it('three results spanning 31 days make a panel', () => {
    const labs = [lab('alt', at(60), 20), lab('ast', at(60), 20), lab('igg', at(91), 10)];
    const a = onFirstLine(labs, 120);
    expect(a.response).toBe('complete-biochemical-response');
    expect(
      a.evidence
        .filter((e) => e.role === 'cbr-panel')
        .map((e) => e.analyte)
        .sort(),
    ).toEqual(['alt', 'ast', 'igg']);
  });

  it('three results spanning 32 days do not make a panel', () => {
    const labs = [lab('alt', at(60), 20), lab('ast', at(60), 20), lab('igg', at(92), 10)];
    expect(stateOf(labs, 120)).toBe('too-early');
  });

  it('a panel dated Tline + 183 d (the latest of its three results) is a complete response', () => {
    const labs = [lab('alt', at(170), 20), lab('ast', at(170), 20), lab('igg', at(183), 10)];
    expect(stateOf(labs, 200)).toBe('complete-biochemical-response');
  });

  it('a first panel dated Tline + 184 d is a late response', () => {
    const labs = [lab('alt', at(170), 20), lab('ast', at(170), 20), lab('igg', at(184), 10)];
    expect(stateOf(labs, 200)).toBe('late-response');
  });

  it('a panel before Tline does not count', () => {
    expect(stateOf(panel(at(-1), 0.5, 0.5, 0.5), 100)).toBe('too-early');
  });

  it('a panel on Tline counts', () => {
    expect(stateOf(panel(T, 0.5, 0.5, 0.5), 100)).toBe('complete-biochemical-response');
  });

  it('on second line a panel during first line does not count', () => {
    const meds: MedicationExposure[] = [
      med('prednisolone', T),
      med('azathioprine', T, { end: at(290) }),
      med('mycophenolate', at(300)),
    ];
    const a = assessRecord(patient({ meds, labs: panel(at(200), 0.5, 0.5, 0.5) }), 400);
    expect(a.line).toBe('second');
    expect(a.response).toBe('too-early');
  });
});

describe('loss of response (§4): a loss event after a CBR panel', () => {
  it('ALT at 2.01×ULN once after a panel is loss-of-response', () => {
    expect(stateOf([...panel(at(60), 0.5, 0.5, 0.5), lab('alt', at(120), 80.4)], 130)).toBe(
      'loss-of-response',
    );
  });

  it('ALT at exactly 2.0×ULN once is not a loss event', () => {
    expect(stateOf([...panel(at(60), 0.5, 0.5, 0.5), lab('alt', at(120), 80)], 130)).toBe(
      'complete-biochemical-response',
    );
  });

  it('ALT at exactly 2.0×ULN after unit conversion (57.6 U/L vs ULN 0.48 µkat/L) is not a loss event', () => {
    const alt = withRanges(lab('alt', at(120), 57.6), [{ high: { value: 0.48, unit: 'ukat/L' } }]);
    expect(stateOf([...panel(at(60), 0.5, 0.5, 0.5), alt], 130)).toBe('complete-biochemical-response');
  });

  it('ALT > 1×ULN on two consecutive results 14 days apart is loss-of-response', () => {
    const labs = [...panel(at(60), 0.5, 0.5, 0.5), lab('alt', at(100), 48), lab('alt', at(114), 48)];
    expect(stateOf(labs, 130)).toBe('loss-of-response');
  });

  it('ALT > 1×ULN on two consecutive results 13 days apart is not a loss event', () => {
    const labs = [...panel(at(60), 0.5, 0.5, 0.5), lab('alt', at(100), 48), lab('alt', at(113), 48)];
    expect(stateOf(labs, 130)).toBe('complete-biochemical-response');
  });

  it('AST > 1×ULN on two consecutive results 14 days apart is loss-of-response', () => {
    const labs = [...panel(at(60), 0.5, 0.5, 0.5), lab('ast', at(100), 48), lab('ast', at(114), 48)];
    expect(stateOf(labs, 130)).toBe('loss-of-response');
  });

  it('two ALT results above ULN with a normal one between them are not consecutive', () => {
    const labs = [
      ...panel(at(60), 0.5, 0.5, 0.5),
      lab('alt', at(100), 48),
      lab('alt', at(110), 30),
      lab('alt', at(130), 48),
    ];
    expect(stateOf(labs, 140)).toBe('complete-biochemical-response');
  });

  it('loss-of-response wins over a late response too', () => {
    const labs = [...panel(at(250), 0.5, 0.5, 0.5), lab('alt', at(300), 100)];
    expect(stateOf(labs, 310)).toBe('loss-of-response');
  });
});

describe('non-response (§4): fall < 50 % from baseline to the latest week-4 value', () => {
  const baseline = () => lab('alt', at(-5), 400);

  it('a fall of 49.75 % (400 → 201) is non-response', () => {
    expect(stateOf([baseline(), lab('alt', at(28), 201)], 60)).toBe('non-response');
  });

  it('a fall of 49 % (400 → 204) is non-response', () => {
    expect(stateOf([baseline(), lab('alt', at(28), 204)], 60)).toBe('non-response');
  });

  it('a fall of 51 % (400 → 196) is not non-response', () => {
    expect(stateOf([baseline(), lab('alt', at(28), 196)], 60)).toBe('too-early');
  });

  it('a fall of exactly 50 % (400 → 200) is not non-response', () => {
    expect(stateOf([baseline(), lab('alt', at(28), 200)], 60)).toBe('too-early');
  });

  it.each([
    [21, 'non-response'],
    [42, 'non-response'],
    [20, 'too-early'],
    [43, 'too-early'],
  ] as const)('a week-4 value on day %d: %s', (d, state) => {
    expect(stateOf([baseline(), lab('alt', at(d), 300)], 60)).toBe(state);
  });

  it('the latest value in the week-4 window decides (a later good value)', () => {
    expect(stateOf([baseline(), lab('alt', at(25), 300), lab('alt', at(40), 100)], 60)).toBe('too-early');
  });

  it('the latest value in the week-4 window decides (a later poor value)', () => {
    expect(stateOf([baseline(), lab('alt', at(25), 100), lab('alt', at(40), 300)], 60)).toBe('non-response');
  });

  it('AST is used when there is no baseline ALT', () => {
    expect(stateOf([lab('ast', at(-1), 400), lab('ast', at(28), 300)], 60)).toBe('non-response');
  });

  it('the latest ALT in the baseline window is the baseline (1000 then 300; week 4 200 is a 33 % fall)', () => {
    expect(stateOf([lab('alt', at(-30), 1000), lab('alt', at(3), 300), lab('alt', at(28), 200)], 60)).toBe(
      'non-response',
    );
  });

  it('an ALT on Tline + 4 d is not the baseline (1000 stays baseline; week 4 200 is an 80 % fall)', () => {
    expect(stateOf([lab('alt', at(-30), 1000), lab('alt', at(4), 300), lab('alt', at(28), 200)], 60)).toBe(
      'too-early',
    );
  });

  it('no baseline in [Tline − 90, Tline + 3]: no non-response', () => {
    expect(stateOf([lab('alt', at(-91), 400), lab('alt', at(28), 350)], 60)).toBe('too-early');
  });

  // The latest week-4 value is known only once the window (days 21–42) has closed.
  it.each([
    [25, 'too-early'],
    [42, 'too-early'],
    [43, 'non-response'],
  ] as const)('a poor day-22 value assessed on day %d: %s', (asOfDay, state) => {
    expect(stateOf([baseline(), lab('alt', at(22), 300)], asOfDay)).toBe(state);
  });

  it('while the window is open a good value may still come: day 25 too-early, then day 50 not non-response', () => {
    const labs = [baseline(), lab('alt', at(22), 300)];
    expect(stateOf(labs, 25)).toBe('too-early');
    expect(stateOf([...labs, lab('alt', at(40), 100)], 50)).toBe('too-early');
  });
});

describe('non-response needs a baseline > 2×ULN (rules v2 §4)', () => {
  // ULN 40 U/L: 2×ULN = 80 U/L. Week 4 at 90 % of baseline: a fall of 10 %, far below 50 %.
  it('a baseline of 2.01×ULN (80.4 U/L) with a 10 % fall is non-response', () => {
    expect(stateOf([lab('alt', at(-5), 80.4), lab('alt', at(28), 72.36)], 60)).toBe('non-response');
  });

  it('a baseline of exactly 2.0×ULN (80 U/L) with a 10 % fall is not non-response: too-early', () => {
    expect(stateOf([lab('alt', at(-5), 80), lab('alt', at(28), 72)], 60)).toBe('too-early');
  });

  it('v1 behaviour gone: a normal baseline (0.5×ULN) that does not halve is not non-response', () => {
    // v1 called this non-response (any baseline); after 6 months it goes on down the table.
    expect(stateOf([lab('alt', at(-5), 20), lab('alt', at(28), 19)], 60)).toBe('too-early');
    expect(stateOf([lab('alt', at(-5), 20), lab('alt', at(28), 19), ...highAfter150()], 200)).toBe(
      'insufficient-response',
    );
  });

  it('AST baseline (no ALT): 2.01×ULN counts, 2.0×ULN does not', () => {
    expect(stateOf([lab('ast', at(-1), 80.4), lab('ast', at(28), 72.36)], 60)).toBe('non-response');
    expect(stateOf([lab('ast', at(-1), 80), lab('ast', at(28), 72)], 60)).toBe('too-early');
  });

  it('a regimen switched in remission (second line, normal baseline) is not non-response', () => {
    const meds = [...firstLine(at(-400)), med('tacrolimus', T)];
    const labs = [...panel(at(-2), 0.8, 0.8, 0.8), lab('alt', at(28), 31)];
    const a = assessRecord(patient({ meds, labs }), 60);
    expect(a.line).toBe('second');
    expect(a.response).not.toBe('non-response');
  });
});

describe('too-early (§4): as-of before Tline + 183 d', () => {
  it('day 182 with high results is too-early and the reassessment date is Tline + 183 d', () => {
    const a = onFirstLine([lab('alt', at(160), 100)], 182);
    expect(a.response).toBe('too-early');
    expect(a.explanation.sixMonthDate).toBe(at(183));
    expect(recommendationIds(a)).toEqual(['reassess-at-6-months']);
  });

  it('day 183 with a high ALT since day 150 is insufficient-response', () => {
    expect(stateOf([lab('alt', at(160), 100)], 183)).toBe('insufficient-response');
  });

  it('day 182 without any result is too-early', () => {
    expect(stateOf([], 182)).toBe('too-early');
  });
});

describe('insufficient response (§4): no CBR by 6 months, latest since Tline + 150 d above ULN', () => {
  it('ALT above ULN on day 150 is insufficient-response', () => {
    expect(stateOf([lab('alt', at(150), 100)], 200)).toBe('insufficient-response');
  });

  it('ALT above ULN only on day 149 is insufficient-data (nothing since day 150)', () => {
    const a = onFirstLine([lab('alt', at(149), 100), lab('ast', at(149), 100), lab('igg', at(149), 30)], 200);
    expect(a.response).toBe('insufficient-data');
    expect(a.missing.length).toBeGreaterThan(0);
  });

  it('IgG above ULN with normal ALT and AST since day 150 is insufficient-response', () => {
    const labs = [lab('alt', at(160), 30), lab('ast', at(160), 30), lab('igg', at(160), 20)];
    expect(stateOf(labs, 200)).toBe('insufficient-response');
  });

  it('the latest value decides: a high ALT followed by a normal one is not insufficient-response', () => {
    const labs = [lab('alt', at(155), 100), lab('alt', at(170), 30), lab('ast', at(170), 30)];
    expect(stateOf(labs, 200)).toBe('insufficient-data');
  });
});

describe('insufficient-data (§4): lists exactly what is missing', () => {
  it('ALT and AST normal but IgG never measured: IgG is missing, ALT and AST are not', () => {
    const a = onFirstLine([lab('alt', at(160), 30), lab('ast', at(160), 30)], 200);
    expect(a.response).toBe('insufficient-data');
    expect(a.missing.some((m) => /igg/i.test(m))).toBe(true);
    expect(a.missing.some((m) => /\balt\b/i.test(m) || /\bast\b/i.test(m))).toBe(false);
  });

  it('no results since Tline + 150 d: ALT, AST and IgG are all missing', () => {
    const a = onFirstLine([], 200);
    expect(a.response).toBe('insufficient-data');
    for (const analyte of [/\balt\b/i, /\bast\b/i, /igg/i])
      expect(a.missing.some((m) => analyte.test(m))).toBe(true);
  });

  it('Observations that could not be read completely: insufficient-data naming them', () => {
    const a = onFirstLine(highAfter150(), 200, {
      gaps: [{ resourceType: 'Observation', reason: 'HTTP 500' }],
    });
    expect(a.response).toBe('insufficient-data');
    expect(a.missing.some((m) => m.includes('Observation'))).toBe(true);
  });

  it('an ALT reported as "<50" with ULN 40 is not known to be normal: insufficient-data, never a guessed CBR', () => {
    const labs = [
      lab('alt', at(160), 50, { comparator: '<' }),
      lab('ast', at(160), 30),
      lab('igg', at(160), 10),
    ];
    const a = onFirstLine(labs, 200);
    expect(a.response).toBe('insufficient-data');
    expect(a.missing.length).toBeGreaterThan(0);
  });
});

describe('state precedence (§4): the first state that applies wins', () => {
  const nonResponding = () => [lab('alt', at(-5), 400), lab('alt', at(28), 300)];

  it('CBR beats non-response', () => {
    expect(stateOf([...nonResponding(), ...panel(at(150), 0.5, 0.5, 0.5)], 200)).toBe(
      'complete-biochemical-response',
    );
  });

  it('late-response beats non-response', () => {
    expect(stateOf([...nonResponding(), ...panel(at(250), 0.5, 0.5, 0.5)], 260)).toBe('late-response');
  });

  it('non-response beats too-early', () => {
    expect(stateOf(nonResponding(), 50)).toBe('non-response');
  });

  it('non-response beats insufficient-response', () => {
    expect(stateOf([...nonResponding(), ...highAfter150()], 200)).toBe('non-response');
  });

  it('loss-of-response beats CBR', () => {
    expect(stateOf([...panel(at(60), 0.5, 0.5, 0.5), lab('alt', at(100), 100)], 110)).toBe(
      'loss-of-response',
    );
  });

  it('not-applicable beats out-of-scope', () => {
    expect(assessRecord(patient({ conditions: [cond('pbc')] }), 200).response).toBe('not-applicable');
  });

  it('out-of-scope beats any response on treatment', () => {
    const a = assessRecord(
      patient({ conditions: [cond('aih'), cond('psc')], meds: firstLine(T), labs: highAfter150() }),
      200,
    );
    expect(a.response).toBe('out-of-scope');
  });
});

describe('a first line restarted after a gap keeps T0 (rules v2 §3)', () => {
  // First line from T, CBR on day 100, everything stopped on day 300, relapse (ALT 3×ULN) on day 360,
  // first line restarted on day 370: the gap is 69 days without any first-line agent.
  const restarted = (restartDay: number): MedicationExposure[] => [
    med('prednisolone', T, { end: at(300) }),
    med('azathioprine', T, { end: at(300) }),
    med('prednisolone', at(restartDay)),
    med('azathioprine', at(restartDay)),
  ];
  const labs = () => [...panel(at(100), 0.8, 0.8, 0.8), lab('alt', at(360), 120)];

  it('CBR, relapse, restart: loss-of-response, not too-early; T0 and Tline stay at the first start', () => {
    const a = assessRecord(patient({ meds: restarted(370), labs: labs() }), 400);
    expect(a.response).toBe('loss-of-response');
    expect(a.line).toBe('first');
    expect(a.explanation.t0).toBe(T);
    expect(a.explanation.tLine).toBe(T);
    expect(a.evidence.some((e) => e.role === 'loss-event' && e.date === at(360))).toBe(true);
  });

  it('v1 behaviour gone: the restart does not open a new regimen whose 6 months have not passed', () => {
    const a = assessRecord(patient({ meds: restarted(370), labs: labs() }), 400);
    expect(a.response).not.toBe('too-early');
    expect(recommendationIds(a)).not.toContain('reassess-at-6-months');
    expect(a.periods.filter((p) => p.line === 'first')).toHaveLength(4);
  });

  it.each([
    [330, 'a gap of exactly 30 days merges'],
    [331, 'a gap of 31 days is a restart'],
  ])('restart on day %d (%s): same line, same T0', (restartDay) => {
    const a = assessRecord(
      patient({ meds: restarted(restartDay), labs: [...panel(at(100), 0.8, 0.8, 0.8)] }),
      400,
    );
    expect(a.line).toBe('first');
    expect(a.explanation.t0).toBe(T);
    expect(a.explanation.tLine).toBe(T);
  });

  it('a steroid restarted alone after the gap is still the same first line', () => {
    const meds = [med('prednisolone', T, { end: at(300) }), med('prednisolone', at(370))];
    const a = assessRecord(patient({ meds, labs: labs() }), 400);
    expect(a.line).toBe('first');
    expect(a.explanation.tLine).toBe(T);
    expect(a.response).toBe('loss-of-response');
  });

  it('first-line mycophenolate restarted with the steroid stays first line (T0 kept)', () => {
    const meds = [
      med('prednisolone', T, { end: at(300) }),
      med('mycophenolate', T, { end: at(300) }),
      med('prednisolone', at(370)),
      med('mycophenolate', at(372)),
    ];
    const a = assessRecord(patient({ meds, labs: labs() }), 400);
    expect(a.line).toBe('first');
    expect(a.explanation.tLine).toBe(T);
    expect(a.response).toBe('loss-of-response');
  });

  it('first-line mycophenolate restarted 10 days before the steroid stays first line', () => {
    const meds = [
      med('prednisolone', T, { end: at(300) }),
      med('mycophenolate', T, { end: at(300) }),
      med('mycophenolate', at(360)),
      med('prednisolone', at(370)),
    ];
    const a = assessRecord(patient({ meds, labs: labs() }), 400);
    expect(a.line).toBe('first');
    expect(a.explanation.tLine).toBe(T);
  });

  it('mycophenolate new at a restart (first line was azathioprine) is a switch: second line, new Tline', () => {
    const meds = [
      med('prednisolone', T, { end: at(300) }),
      med('azathioprine', T, { end: at(300) }),
      med('prednisolone', at(370)),
      med('mycophenolate', at(370)),
    ];
    const a = assessRecord(patient({ meds, labs: labs() }), 400);
    expect(a.line).toBe('second');
    expect(a.explanation.tLine).toBe(at(370));
  });

  it('mycophenolate added while the steroid never stopped is second line, as before', () => {
    const meds = [med('prednisolone', T), med('mycophenolate', at(370))];
    const a = assessRecord(patient({ meds, labs: labs() }), 400);
    expect(a.line).toBe('second');
  });
});
