/**
 * Rules v2 §1 and §6: the current azathioprine dose is the sum of the current records (a renewal
 * counted once, unknown when any current record has no dose); optimise-azathioprine never on
 * allopurinol co-therapy or with 6-TGN ≥ 220; add-allopurinol carries the reduced azathioprine order.
 */
import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import { currentDailyDose, reducedAzathioprineDose } from '../../../src/core/current-dose.js';
import type { Assessment, LabResult, MedicationExposure } from '../../../src/core/types.js';
import { day, lab, med, metabolite, patient, recommendation, recommendationIds } from './builders.js';

const T = '2024-01-01';
const at = (n: number) => day(T, n);
const AS_OF = at(200);
const SCD_50 = 'http://www.nlm.nih.gov/research/umls/rxnorm|197388';
const SCD_75 = 'http://www.nlm.nih.gov/research/umls/rxnorm|359228';

/** Insufficient response at day 200 with the given metabolites and weight. */
const labs = (o: { mmp6?: number; tgn6?: number; tgn6Day?: number; kg?: number }): LabResult[] => [
  lab('alt', at(160), 100),
  lab('ast', at(160), 60),
  lab('igg', at(160), 20),
  metabolite('tgn6', at(o.tgn6Day ?? 170), o.tgn6 ?? 150),
  metabolite('mmp6', at(170), o.mmp6 ?? 3000),
  ...(o.kg !== undefined ? [lab('weight', at(150), o.kg)] : []),
];
const run = (meds: MedicationExposure[], l: LabResult[]): Assessment =>
  assess(patient({ meds: [med('prednisolone', T), ...meds], labs: l }), { asOf: AS_OF });

describe('currentDailyDose (§1): current records summed, a renewal once', () => {
  const dose = (meds: MedicationExposure[]) => currentDailyDose(meds, 'azathioprine', AS_OF).mgPerDay;

  it('100 mg + 75 mg current = 175 mg/day', () => {
    expect(dose([med('azathioprine', T, { dose: 100 }), med('azathioprine', at(50), { dose: 75 })])).toBe(
      175,
    );
  });

  it('the same product and dose, overlapping (a renewal), counts once', () => {
    const meds = [
      med('azathioprine', T, { dose: 100, product: SCD_50 }),
      med('azathioprine', at(150), { dose: 100, product: SCD_50 }),
    ];
    expect(dose(meds)).toBe(100);
  });

  it('the same product with another dose is summed', () => {
    const meds = [
      med('azathioprine', T, { dose: 100, product: SCD_50 }),
      med('azathioprine', at(150), { dose: 50, product: SCD_50 }),
    ];
    expect(dose(meds)).toBe(150);
  });

  it('another product with the same dose is summed', () => {
    const meds = [
      med('azathioprine', T, { dose: 75, product: SCD_50 }),
      med('azathioprine', at(150), { dose: 75, product: SCD_75 }),
    ];
    expect(dose(meds)).toBe(150);
  });

  it('records without a product are never taken for renewals (never under-count)', () => {
    expect(dose([med('azathioprine', T, { dose: 100 }), med('azathioprine', T, { dose: 100 })])).toBe(200);
  });

  it('a renewal that ended the day before as-of is not current: only the open record counts', () => {
    const meds = [
      med('azathioprine', T, { dose: 100, product: SCD_50, end: at(199) }),
      med('azathioprine', at(150), { dose: 100, product: SCD_50 }),
    ];
    expect(dose(meds)).toBe(100);
    const endsOnAsOf = [
      med('azathioprine', T, { dose: 100, product: SCD_50, end: at(200) }),
      med('azathioprine', at(150), { dose: 75, product: SCD_50 }),
    ];
    expect(dose(endsOnAsOf)).toBe(175);
  });

  it('one current record without a dose makes the dose unknown', () => {
    const r = currentDailyDose(
      [med('azathioprine', T, { dose: 100 }), med('azathioprine', at(50))],
      'azathioprine',
      AS_OF,
    );
    expect(r.mgPerDay).toBeUndefined();
    expect(r.undosed).toHaveLength(1);
    expect(r.records).toHaveLength(2);
  });

  it('no current record: unknown, nothing to replace', () => {
    const r = currentDailyDose([med('azathioprine', T, { dose: 100, end: at(100) })], 'azathioprine', AS_OF);
    expect(r.mgPerDay).toBeUndefined();
    expect(r.records).toEqual([]);
  });
});

describe('reducedAzathioprineDose (§6): 25 %, nearest 25 mg, at least 25 mg', () => {
  it.each([
    [175, 50], // 43.75
    [200, 50],
    [150, 25], // 37.5: half-way, the lower step
    [151, 50], // 37.75
    [249, 50], // 62.25
    [250, 50], // 62.5: half-way, the lower step
    [251, 75],
    [100, 25],
    [50, 25], // 12.5 → at least 25
    [25, 25],
    [300, 75],
  ])('%d mg/day → %d mg/day', (current, reduced) => {
    expect(reducedAzathioprineDose(current)).toBe(reduced);
  });
});

describe('optimise-azathioprine on the summed dose (§1, §6)', () => {
  const twoOrders = [med('azathioprine', T, { dose: 100 }), med('azathioprine', at(50), { dose: 75 })];

  it('175 mg/day at 87.5 kg = 2.0 mg/kg: optimised, mmf-after-optimisation', () => {
    const r = recommendationIds(run(twoOrders, labs({ kg: 87.5 })));
    expect(r).not.toContain('optimise-azathioprine');
    expect(r).toContain('mmf-after-optimisation');
  });

  it('175 mg/day at 87.6 kg = 1.998 mg/kg: optimise-azathioprine', () => {
    const r = recommendationIds(run(twoOrders, labs({ kg: 87.6 })));
    expect(r).toContain('optimise-azathioprine');
    expect(r).not.toContain('mmf-after-optimisation');
  });

  it('v1 behaviour gone: the latest order alone (75 mg) is not the dose', () => {
    // v1 took the latest-started record: 75 mg at 50 kg = 1.5 mg/kg → increase. v2: 175 mg = 3.5 mg/kg.
    const a = run(twoOrders, labs({ kg: 50 }));
    expect(recommendationIds(a)).not.toContain('optimise-azathioprine');
    expect(a.missing).not.toContain('azathioprine-dose');
  });

  it('a current record without a dose: optimise-azathioprine says the dose is unknown; missing azathioprine-dose', () => {
    const a = run([med('azathioprine', T, { dose: 100 }), med('azathioprine', at(50))], labs({ kg: 70 }));
    expect(recommendationIds(a)).toContain('optimise-azathioprine');
    expect(recommendation(a, 'optimise-azathioprine')?.text).toMatch(/current azathioprine dose is unknown/);
    expect(a.missing).toContain('azathioprine-dose');
    expect(a.card.detail).toMatch(/- azathioprine-dose: the current azathioprine daily dose/);
  });

  it('dose known, weight unknown: the card says the weight is unknown; azathioprine-dose is not missing', () => {
    const a = run([med('azathioprine', T, { dose: 100 })], labs({}));
    const text = recommendation(a, 'optimise-azathioprine')?.text ?? '';
    expect(text).toMatch(/No body weight/);
    expect(text).not.toMatch(/dose is unknown/);
    expect(a.missing).not.toContain('azathioprine-dose');
  });

  it('dose and weight known: the card gives the mg/kg/day', () => {
    const a = run([med('azathioprine', T, { dose: 50 })], labs({ kg: 50 }));
    expect(recommendation(a, 'optimise-azathioprine')?.text).toMatch(/50 mg\/day at 50 kg = 1 mg\/kg\/day/);
  });

  it('insufficient response, dose unknown, metabolites not yet measured: missing azathioprine-dose', () => {
    const l = [lab('alt', at(160), 100), lab('ast', at(160), 60), lab('igg', at(160), 20)];
    const a = run([med('azathioprine', T)], l);
    expect(a.response).toBe('insufficient-response');
    expect(a.missing).toContain('azathioprine-dose');
  });
});

describe('optimise-azathioprine never when already optimised (v2 §6)', () => {
  const lowDose = [med('azathioprine', T, { dose: 25 })]; // 0.5 mg/kg at 50 kg

  it('v1 behaviour gone: on allopurinol co-therapy no "increase azathioprine"; mmf-after-optimisation and consider-tacrolimus follow', () => {
    const a = run([...lowDose, med('allopurinol', at(20))], labs({ kg: 50 }));
    expect(recommendationIds(a)).toEqual([
      'check-adherence',
      'mmf-after-optimisation',
      'consider-tacrolimus',
    ]);
    expect(a.missing).not.toContain('azathioprine-dose');
  });

  it('allopurinol that ended the day before as-of is not co-therapy: optimise-azathioprine', () => {
    const r = recommendationIds(
      run([...lowDose, med('allopurinol', at(20), { end: at(199) })], labs({ kg: 50 })),
    );
    expect(r).toContain('optimise-azathioprine');
    expect(r).not.toContain('mmf-after-optimisation');
  });

  it('allopurinol ending on the as-of date is co-therapy: no optimise-azathioprine', () => {
    const r = recommendationIds(
      run([...lowDose, med('allopurinol', at(20), { end: at(200) })], labs({ kg: 50 })),
    );
    expect(r).not.toContain('optimise-azathioprine');
  });

  it('on allopurinol with an unknown azathioprine dose: still no optimise-azathioprine', () => {
    const r = recommendationIds(run([med('azathioprine', T), med('allopurinol', at(20))], labs({ kg: 50 })));
    expect(r).not.toContain('optimise-azathioprine');
    expect(r).toContain('mmf-after-optimisation');
  });

  it.each([
    [220, 170, false],
    [219, 170, true],
    [220, 20, false], // measured 180 days before as-of: in the window
    [220, 19, true], // 181 days: outside the window, not optimised by it
  ])('6-TGN %d on day %d: optimise-azathioprine %s', (tgn6, tgn6Day, expected) => {
    const r = recommendationIds(run(lowDose, labs({ kg: 50, tgn6, tgn6Day })));
    expect(r.includes('optimise-azathioprine')).toBe(expected);
  });
});

describe('any 6-TGN ≥ 220 in 180 days counts, not only the latest (v2 §6)', () => {
  it('6-TGN 230 on day 100 and 150 on day 170: no optimise-azathioprine', () => {
    const l = [...labs({ kg: 50 }), metabolite('tgn6', at(100), 230)];
    const r = recommendationIds(run([med('azathioprine', T, { dose: 25 })], l));
    expect(r).not.toContain('optimise-azathioprine');
    expect(r).toContain('mmf-after-optimisation');
  });
});

describe('add-allopurinol (v2 §6): only without allopurinol; carries the reduced azathioprine order', () => {
  const twoOrders = [med('azathioprine', T, { dose: 100 }), med('azathioprine', at(50), { dose: 75 })];

  it('6-MMP raised, allopurinol current: no add-allopurinol', () => {
    const r = recommendationIds(
      run([...twoOrders, med('allopurinol', at(20))], labs({ mmp6: 8000, kg: 70 })),
    );
    expect(r).not.toContain('add-allopurinol');
  });

  it('allopurinol ended before as-of: add-allopurinol', () => {
    const r = recommendationIds(
      run([...twoOrders, med('allopurinol', at(20), { end: at(199) })], labs({ mmp6: 8000, kg: 70 })),
    );
    expect(r).toContain('add-allopurinol');
  });

  it('175 mg/day current: azathioprine to 50 mg/day, replacing both current orders', () => {
    const a = run(twoOrders, labs({ mmp6: 8000, kg: 70 }));
    const r = recommendation(a, 'add-allopurinol');
    expect(r?.replacementOrder).toEqual({
      ingredient: 'azathioprine',
      currentMgPerDay: 175,
      newMgPerDay: 50,
      replaces: twoOrders.map((m) => m.ref),
    });
    expect(r?.text).toMatch(/from 175 mg\/day to 50 mg\/day/);
    expect(a.missing).not.toContain('azathioprine-dose');
  });

  it('two same-dose orders that name no product: the draft is cut from the lower reading (150, not 300)', () => {
    // Nothing shows a second product: for the reduction the records read as one order renewed, as the
    // order check reads them, so the draft is 25 mg and not the 75 mg that 300 mg/day would give.
    const unnamed = [med('azathioprine', T, { dose: 150 }), med('azathioprine', at(10), { dose: 150 })];
    const a = run(unnamed, labs({ mmp6: 8000, kg: 70 }));
    expect(recommendation(a, 'add-allopurinol')?.replacementOrder).toMatchObject({
      currentMgPerDay: 150,
      newMgPerDay: 25,
    });
  });

  it('dose unknown: no new dose, the text says so, missing azathioprine-dose', () => {
    const undosed = med('azathioprine', T);
    const a = run([undosed], labs({ mmp6: 8000, kg: 70 }));
    const r = recommendation(a, 'add-allopurinol');
    expect(r?.replacementOrder).toEqual({ ingredient: 'azathioprine', replaces: [undosed.ref] });
    expect(r?.text).toMatch(/dose is unknown/);
    expect(a.missing).toContain('azathioprine-dose');
  });
});
