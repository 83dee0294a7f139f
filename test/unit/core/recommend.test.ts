import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import type { Assessment, LabResult, MedicationExposure, RecommendationId } from '../../../src/core/types.js';
import {
  allergy,
  cond,
  day,
  firstLine,
  lab,
  med,
  metabolite,
  panel,
  patient,
  recommendation,
  recommendationIds,
  RULES_RECOMMENDATION_ORDER,
  type PatientParts,
} from './builders.js';

const T = '2024-01-01';
const at = (n: number) => day(T, n);
const AS_OF_DAY = 200;

/** ALT 2.5×ULN, AST 1.5×ULN, IgG 1.25×ULN on day 160: an insufficient response at day 200. */
const insufficient = (): LabResult[] => [
  lab('alt', at(160), 100),
  lab('ast', at(160), 60),
  lab('igg', at(160), 20),
];
/** A CBR panel on day 60. */
const cbr = (): LabResult[] => panel(at(60), 0.5, 0.5, 0.5);
/** 6-TGN and 6-MMP measured 30 days before as-of. */
const metabolites = (tgn6: number, mmp6: number, daysBefore = 30): LabResult[] => [
  metabolite('tgn6', at(AS_OF_DAY - daysBefore), tgn6),
  metabolite('mmp6', at(AS_OF_DAY - daysBefore), mmp6),
];
const weight = (kg: number) => lab('weight', at(150), kg);

function run(parts: PatientParts, n = AS_OF_DAY): Assessment {
  return assess(patient({ meds: firstLine(T), ...parts }), { asOf: at(n) });
}
const ids = (parts: PatientParts, n = AS_OF_DAY): RecommendationId[] => recommendationIds(run(parts, n));

const LISTED_ORDER: readonly RecommendationId[] = RULES_RECOMMENDATION_ORDER;

/** Second line: azathioprine stopped on day 100, `agent` from day 110; assessed 200 days into it. */
const secondLineOn = (agent: 'mycophenolate' | 'tacrolimus' | 'cyclosporine'): MedicationExposure[] => [
  med('prednisolone', T),
  med('azathioprine', T, { end: at(100) }),
  med(agent, at(110)),
];
const SECOND_LINE_AS_OF = 310;
const secondLineInsufficient = (): LabResult[] => [lab('alt', at(270), 100)];

describe('states without a drug decision', () => {
  it('not-applicable gives no recommendation, even when decompensated', () => {
    const a = run({ conditions: [cond('decompensation')], labs: [lab('inr', at(190), 2)] });
    expect(a.response).toBe('not-applicable');
    expect(a.recommendations).toEqual([]);
  });

  it('out-of-scope gives only refer-specialist-centre, even with an actionable intolerance', () => {
    const a = run({ conditions: [cond('aih'), cond('psc')], intolerances: [allergy('azathioprine')] });
    expect(a.response).toBe('out-of-scope');
    expect(recommendationIds(a)).toEqual(['refer-specialist-centre']);
  });

  it('too-early gives reassess-at-6-months', () => {
    expect(ids({ labs: [lab('alt', at(60), 100)] }, 100)).toEqual(['reassess-at-6-months']);
  });

  it.each([
    ['complete-biochemical-response', cbr(), AS_OF_DAY],
    ['late-response', panel(at(250), 0.5, 0.5, 0.5), 260],
  ] as const)('%s without actionable intolerance gives continue-current-therapy', (state, labs, n) => {
    const a = run({ labs: [...labs] }, n);
    expect(a.response).toBe(state);
    expect(recommendationIds(a)).toEqual(['continue-current-therapy']);
  });

  it('a complete response with an actionable intolerance does not give continue-current-therapy', () => {
    expect(ids({ labs: cbr(), intolerances: [allergy('azathioprine')] })).not.toContain(
      'continue-current-therapy',
    );
  });
});

describe('failing first line: adherence, diagnosis, referral', () => {
  it('non-response gives refer-specialist-centre, reconsider-diagnosis, check-adherence in that order', () => {
    const a = run({ labs: [lab('alt', at(-5), 400), lab('alt', at(28), 300)] }, 60);
    expect(a.response).toBe('non-response');
    expect(recommendationIds(a)).toEqual([
      'refer-specialist-centre',
      'reconsider-diagnosis',
      'check-adherence',
    ]);
  });

  it('insufficient response on first line, no metabolites: check-adherence, measure-thiopurine-metabolites', () => {
    const a = run({ labs: insufficient() });
    expect(a.response).toBe('insufficient-response');
    expect(recommendationIds(a)).toEqual(['check-adherence', 'measure-thiopurine-metabolites']);
  });

  it('loss of response on azathioprine, no metabolites: check-adherence, measure-thiopurine-metabolites', () => {
    const a = run({ labs: [...cbr(), lab('alt', at(190), 100)] });
    expect(a.response).toBe('loss-of-response');
    expect(recommendationIds(a)).toEqual(['check-adherence', 'measure-thiopurine-metabolites']);
  });

  it('insufficient response on a steroid alone: no metabolite measurement', () => {
    const a = run({ meds: [med('prednisolone', T)], labs: insufficient() });
    expect(recommendationIds(a)).toEqual(['check-adherence']);
  });

  it('decompensation adds refer-specialist-centre first, even with a complete response', () => {
    const a = run({ labs: [...cbr(), lab('inr', at(190), 1.6)] });
    expect(a.safetyFlags).toContain('decompensated');
    expect(recommendationIds(a)).toEqual(['refer-specialist-centre', 'continue-current-therapy']);
  });
});

describe('thiopurine metabolites and azathioprine optimisation (§6)', () => {
  it('6-TGN and 6-MMP measured 180 days ago: not measured again', () => {
    expect(ids({ labs: [...insufficient(), ...metabolites(150, 3000, 180)] })).not.toContain(
      'measure-thiopurine-metabolites',
    );
  });

  it('6-TGN and 6-MMP measured 181 days ago: measure again', () => {
    expect(ids({ labs: [...insufficient(), ...metabolites(150, 3000, 181)] })).toContain(
      'measure-thiopurine-metabolites',
    );
  });

  it('6-MMP 5700 (not raised), 99 mg/day at 50 kg (1.98 mg/kg): optimise-azathioprine, not add-allopurinol', () => {
    const r = ids({
      meds: firstLine(T, { azaDose: 99 }),
      labs: [...insufficient(), ...metabolites(150, 5700), weight(50)],
    });
    expect(r).toContain('optimise-azathioprine');
    expect(r).not.toContain('add-allopurinol');
  });

  it('6-MMP 5701 (raised): add-allopurinol, not optimise-azathioprine', () => {
    const r = ids({
      meds: firstLine(T, { azaDose: 99 }),
      labs: [...insufficient(), ...metabolites(150, 5701), weight(50)],
    });
    expect(r).toContain('add-allopurinol');
    expect(r).not.toContain('optimise-azathioprine');
  });

  it('100 mg/day at 50 kg (2 mg/kg): no optimise-azathioprine; optimised, so mmf-after-optimisation and consider-tacrolimus', () => {
    const a = run({
      meds: firstLine(T, { azaDose: 100 }),
      labs: [...insufficient(), ...metabolites(150, 3000), weight(50)],
    });
    expect(recommendationIds(a)).toEqual([
      'check-adherence',
      'mmf-after-optimisation',
      'consider-tacrolimus',
    ]);
  });

  it('100 mg/day and weight unknown: optimise-azathioprine', () => {
    const r = ids({
      meds: firstLine(T, { azaDose: 100 }),
      labs: [...insufficient(), ...metabolites(150, 3000)],
    });
    expect(r).toContain('optimise-azathioprine');
  });

  it('6-MMP unknown: no optimise-azathioprine (6-MMP must be known and not raised)', () => {
    const r = ids({ meds: firstLine(T, { azaDose: 50 }), labs: [...insufficient(), weight(50)] });
    expect(r).not.toContain('optimise-azathioprine');
    expect(r).toContain('measure-thiopurine-metabolites');
  });

  it('6-TGN 220: optimised, so mmf-after-optimisation and consider-tacrolimus', () => {
    const r = ids({
      meds: firstLine(T, { azaDose: 50 }),
      labs: [...insufficient(), ...metabolites(220, 3000), weight(50)],
    });
    expect(r).toContain('mmf-after-optimisation');
    expect(r).toContain('consider-tacrolimus');
  });

  it('6-TGN 219 at 1 mg/kg: not optimised, no mmf-after-optimisation or consider-tacrolimus', () => {
    const r = ids({
      meds: firstLine(T, { azaDose: 50 }),
      labs: [...insufficient(), ...metabolites(219, 3000), weight(50)],
    });
    expect(r).not.toContain('mmf-after-optimisation');
    expect(r).not.toContain('consider-tacrolimus');
    expect(r).toContain('optimise-azathioprine');
  });

  it('allopurinol co-therapy counts as optimisation', () => {
    const meds = [...firstLine(T, { azaDose: 25 }), med('allopurinol', at(20))];
    const r = ids({ meds, labs: [...insufficient(), ...metabolites(150, 3000), weight(50)] });
    expect(r).toContain('mmf-after-optimisation');
    expect(r).toContain('consider-tacrolimus');
  });

  it('after optimisation with mycophenolate tried: consider-tacrolimus but not mmf-after-optimisation', () => {
    const meds = [
      ...firstLine(T, { azaDose: 100 }),
      med('mycophenolate', '2020-01-01', { end: '2020-02-01' }),
    ];
    const r = ids({ meds, labs: [...insufficient(), ...metabolites(150, 3000), weight(50)] });
    expect(r).not.toContain('mmf-after-optimisation');
    expect(r).toContain('consider-tacrolimus');
  });

  it('after optimisation with tacrolimus tried: mmf-after-optimisation but not consider-tacrolimus', () => {
    const meds = [...firstLine(T, { azaDose: 100 }), med('tacrolimus', '2020-01-01', { end: '2020-02-01' })];
    const r = ids({ meds, labs: [...insufficient(), ...metabolites(150, 3000), weight(50)] });
    expect(r).toContain('mmf-after-optimisation');
    expect(r).not.toContain('consider-tacrolimus');
  });

  it('a complete response after optimisation: neither mmf-after-optimisation nor consider-tacrolimus', () => {
    const r = ids({
      meds: firstLine(T, { azaDose: 100 }),
      labs: [...cbr(), ...metabolites(300, 3000), weight(50)],
    });
    expect(r).toEqual(['continue-current-therapy']);
  });
});

describe('intolerance switches (§6)', () => {
  it('actionable azathioprine intolerance: switch-to-mmf, then switch-to-mercaptopurine-or-thioguanine', () => {
    const a = run({ labs: cbr(), intolerances: [allergy('azathioprine')] });
    expect(a.response).toBe('complete-biochemical-response');
    expect(recommendationIds(a)).toEqual(['switch-to-mmf', 'switch-to-mercaptopurine-or-thioguanine']);
  });

  it('actionable azathioprine intolerance with mycophenolate tried: no switch-to-mmf', () => {
    const meds = [...firstLine(T), med('mycophenolate', '2020-01-01', { end: '2020-02-01' })];
    const r = ids({ meds, labs: cbr(), intolerances: [allergy('azathioprine')] });
    expect(r).not.toContain('switch-to-mmf');
    expect(r).toContain('switch-to-mercaptopurine-or-thioguanine');
  });

  it('intolerant to mercaptopurine too: no switch-to-mercaptopurine-or-thioguanine', () => {
    const r = ids({ labs: cbr(), intolerances: [allergy('azathioprine'), allergy('mercaptopurine')] });
    expect(r).not.toContain('switch-to-mercaptopurine-or-thioguanine');
    expect(r).toContain('switch-to-mmf');
  });

  it('thioguanine tried: no switch-to-mercaptopurine-or-thioguanine', () => {
    const meds = [...firstLine(T), med('thioguanine', '2020-01-01', { end: '2020-02-01' })];
    expect(ids({ meds, labs: cbr(), intolerances: [allergy('azathioprine')] })).not.toContain(
      'switch-to-mercaptopurine-or-thioguanine',
    );
  });

  it('an old azathioprine intolerance and insufficient response on a steroid alone: switch-to-mmf', () => {
    const meds = [med('prednisolone', T), med('azathioprine', T, { end: at(30) })];
    const a = run({ meds, labs: insufficient(), intolerances: [allergy('azathioprine')] });
    expect(a.actionableIntolerance).toEqual([]);
    expect(a.response).toBe('insufficient-response');
    expect(recommendationIds(a)).toContain('switch-to-mmf');
  });

  it('an old azathioprine intolerance and a complete response on a steroid alone: no switch-to-mmf', () => {
    const meds = [med('prednisolone', T), med('azathioprine', T, { end: at(30) })];
    const r = ids({ meds, labs: cbr(), intolerances: [allergy('azathioprine')] });
    expect(r).toEqual(['continue-current-therapy']);
  });

  it('actionable prednisolone intolerance: switch-to-budesonide suggested', () => {
    const a = run({ labs: cbr(), intolerances: [allergy('prednisolone')] });
    expect(recommendation(a, 'switch-to-budesonide')?.status).toBe('suggested');
  });

  it('actionable prednisolone intolerance with budesonide tried: no switch-to-budesonide', () => {
    const meds = [...firstLine(T), med('budesonide', '2020-01-01', { end: '2020-02-01' })];
    expect(ids({ meds, labs: cbr(), intolerances: [allergy('prednisolone')] })).not.toContain(
      'switch-to-budesonide',
    );
  });

  it('prednisolone intolerance that is history only: no switch-to-budesonide', () => {
    const meds = [med('prednisone', '2020-01-01', { end: '2020-02-01' }), ...firstLine(T)];
    const r = ids({ meds, labs: cbr(), intolerances: [allergy('prednisone')] });
    expect(r).not.toContain('switch-to-budesonide');
  });
});

describe('second- and third-line failure (§6)', () => {
  it('second-line failure on mycophenolate: refer-specialist-centre, check-adherence, consider-tacrolimus', () => {
    const a = run({ meds: secondLineOn('mycophenolate'), labs: secondLineInsufficient() }, SECOND_LINE_AS_OF);
    expect(a.qualifiers).toContain('second-line-failure');
    expect(recommendationIds(a)).toEqual([
      'refer-specialist-centre',
      'check-adherence',
      'consider-tacrolimus',
    ]);
  });

  it.each(['tacrolimus', 'cyclosporine'] as const)(
    'second-line failure on %s: refer-specialist-centre, check-adherence, switch-to-mmf-after-cni',
    (agent) => {
      const a = run({ meds: secondLineOn(agent), labs: secondLineInsufficient() }, SECOND_LINE_AS_OF);
      expect(a.qualifiers).toContain('second-line-failure');
      expect(recommendationIds(a)).toEqual([
        'refer-specialist-centre',
        'check-adherence',
        'switch-to-mmf-after-cni',
      ]);
    },
  );

  it('second line on tacrolimus with a complete response: no switch-to-mmf-after-cni, no referral', () => {
    const r = ids(
      { meds: secondLineOn('tacrolimus'), labs: panel(at(200), 0.5, 0.5, 0.5) },
      SECOND_LINE_AS_OF,
    );
    expect(r).toEqual(['continue-current-therapy']);
  });

  it('a failing third-line regimen: refer-specialist-centre', () => {
    const meds = [
      ...secondLineOn('mycophenolate').map((m) =>
        m.ingredient === 'mycophenolate' ? { ...m, end: at(200), status: 'stopped' } : m,
      ),
      med('tacrolimus', at(210)),
    ];
    const a = run({ meds, labs: [lab('alt', at(370), 100)] }, 400);
    expect(a.line).toBe('third');
    expect(a.response).toBe('insufficient-response');
    expect(recommendationIds(a)[0]).toBe('refer-specialist-centre');
  });
});

describe('blocked recommendations and warnings (§6, §7)', () => {
  const pregnant = { conditions: [cond('aih'), cond('pregnancy')] };

  it('pregnancy blocks switch-to-mmf (it stays visible with the reason)', () => {
    const a = run({ ...pregnant, labs: cbr(), intolerances: [allergy('azathioprine')] });
    expect(recommendation(a, 'switch-to-mmf')).toMatchObject({ status: 'blocked', blockedBy: ['pregnancy'] });
    expect(recommendation(a, 'switch-to-mercaptopurine-or-thioguanine')?.status).toBe('suggested');
  });

  it('pregnancy blocks add-allopurinol', () => {
    const a = run({ ...pregnant, labs: [...insufficient(), ...metabolites(150, 8000)] });
    expect(recommendation(a, 'add-allopurinol')).toMatchObject({
      status: 'blocked',
      blockedBy: ['pregnancy'],
    });
  });

  it('pregnancy blocks mmf-after-optimisation but not consider-tacrolimus', () => {
    const labs = [...insufficient(), ...metabolites(150, 3000), weight(50)];
    const a = run({ ...pregnant, meds: firstLine(T, { azaDose: 100 }), labs });
    expect(recommendation(a, 'mmf-after-optimisation')).toMatchObject({
      status: 'blocked',
      blockedBy: ['pregnancy'],
    });
    expect(recommendation(a, 'consider-tacrolimus')?.status).toBe('suggested');
  });

  it('pregnancy blocks switch-to-mmf-after-cni', () => {
    const a = run(
      { ...pregnant, meds: secondLineOn('tacrolimus'), labs: secondLineInsufficient() },
      SECOND_LINE_AS_OF,
    );
    expect(recommendation(a, 'switch-to-mmf-after-cni')).toMatchObject({
      status: 'blocked',
      blockedBy: ['pregnancy'],
    });
  });

  it('cirrhosis blocks switch-to-budesonide', () => {
    const a = run({
      conditions: [cond('aih'), cond('cirrhosis')],
      labs: cbr(),
      intolerances: [allergy('prednisolone')],
    });
    expect(recommendation(a, 'switch-to-budesonide')).toMatchObject({
      status: 'blocked',
      blockedBy: ['cirrhosis'],
    });
  });

  it('reproductive potential adds a warning to switch-to-mmf; a man gets none', () => {
    const woman = run({
      gender: 'female',
      birthDate: '1990-01-01',
      labs: cbr(),
      intolerances: [allergy('azathioprine')],
    });
    const man = run({
      gender: 'male',
      birthDate: '1990-01-01',
      labs: cbr(),
      intolerances: [allergy('azathioprine')],
    });
    expect(recommendation(woman, 'switch-to-mmf')?.warnings).toContain('reproductive-potential');
    expect(recommendation(man, 'switch-to-mmf')?.warnings).not.toContain('reproductive-potential');
  });

  it('reproductive potential adds a warning to mmf-after-optimisation', () => {
    const labs = [...insufficient(), ...metabolites(150, 3000), weight(50)];
    const a = run({ gender: 'female', birthDate: '1990-01-01', meds: firstLine(T, { azaDose: 100 }), labs });
    expect(recommendation(a, 'mmf-after-optimisation')?.warnings).toContain('reproductive-potential');
  });

  it('reproductive potential adds a warning to switch-to-mmf-after-cni', () => {
    const parts = { gender: 'female' as const, birthDate: '1990-01-01', meds: secondLineOn('tacrolimus') };
    const a = run({ ...parts, labs: secondLineInsufficient() }, SECOND_LINE_AS_OF);
    expect(recommendation(a, 'switch-to-mmf-after-cni')?.warnings).toContain('reproductive-potential');
  });

  it('leukopenia adds a warning to add-allopurinol', () => {
    const a = run({ labs: [...insufficient(), ...metabolites(150, 8000), lab('wbc', at(190), 2.5)] });
    expect(recommendation(a, 'add-allopurinol')?.warnings).toContain('leukopenia');
  });

  it('leukopenia adds a warning to thiopurine and mycophenolate suggestions', () => {
    const a = run({ labs: [...cbr(), lab('wbc', at(180), 2.5)], intolerances: [allergy('azathioprine')] });
    expect(recommendation(a, 'switch-to-mmf')?.warnings).toContain('leukopenia');
    expect(recommendation(a, 'switch-to-mercaptopurine-or-thioguanine')?.warnings).toContain('leukopenia');
  });

  it('leukopenia adds a warning to optimise-azathioprine', () => {
    const labs = [...insufficient(), ...metabolites(150, 3000), lab('wbc', at(190), 2.5)];
    const a = run({ meds: firstLine(T, { azaDose: 50 }), labs });
    expect(recommendation(a, 'optimise-azathioprine')?.warnings).toContain('leukopenia');
  });

  it('eGFR below 60 adds a warning to consider-tacrolimus', () => {
    const a = run(
      { meds: secondLineOn('mycophenolate'), labs: [...secondLineInsufficient(), lab('egfr', at(280), 45)] },
      SECOND_LINE_AS_OF,
    );
    expect(recommendation(a, 'consider-tacrolimus')?.warnings).toContain('egfr-below-60');
    expect(recommendation(a, 'consider-tacrolimus')?.status).toBe('suggested');
  });

  it('a suggested recommendation is never blocked and a blocked one always names its flag', () => {
    const a = run({ ...pregnant, labs: cbr(), intolerances: [allergy('azathioprine')] });
    for (const r of a.recommendations) expect(r.status === 'blocked').toBe(r.blockedBy.length > 0);
  });
});

describe('order (§6): recommendations appear in the listed order', () => {
  const inListedOrder = (r: RecommendationId[]) => {
    const positions = r.map((id) => LISTED_ORDER.indexOf(id));
    return positions.every((p, k) => p >= 0 && (k === 0 || p > positions[k - 1]!));
  };

  it('decompensated, raised 6-MMP, actionable azathioprine and prednisolone intolerance', () => {
    const r = ids({
      labs: [...insufficient(), ...metabolites(150, 8000), lab('inr', at(190), 1.8)],
      intolerances: [allergy('azathioprine'), allergy('prednisolone')],
    });
    // No add-allopurinol: it keeps azathioprine (at 25 %), which the patient is intolerant of.
    expect(r).toEqual([
      'refer-specialist-centre',
      'check-adherence',
      'switch-to-mmf',
      'switch-to-mercaptopurine-or-thioguanine',
      'switch-to-budesonide',
    ]);
    expect(inListedOrder(r)).toBe(true);
  });

  it('optimised azathioprine with an insufficient response', () => {
    const r = ids({
      meds: firstLine(T, { azaDose: 100 }),
      labs: [...insufficient(), ...metabolites(150, 3000), weight(50)],
    });
    expect(r.length).toBeGreaterThan(1);
    expect(inListedOrder(r)).toBe(true);
  });
});
