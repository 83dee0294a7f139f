/**
 * optimise-azathioprine and add-allopurinol: the *current* azathioprine dose (§6), and no suggestion
 * of a drug the patient has a recorded intolerance to (rule-interpretations.md, Recommendations).
 */
import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import type {
  IntoleranceRecord,
  LabResult,
  MedicationExposure,
  RecommendationId,
} from '../../../src/core/types.js';
import { allergy, day, firstLine, lab, med, metabolite, patient, recommendationIds } from './builders.js';

const T = '2024-01-01';
const at = (n: number) => day(T, n);
const AS_OF_DAY = 200;

/** Insufficient response at day 200, with 6-TGN 150 (below 220) and the given 6-MMP. */
const labs = (mmp6: number, kg: number): LabResult[] => [
  lab('alt', at(160), 100),
  lab('ast', at(160), 60),
  lab('igg', at(160), 20),
  metabolite('tgn6', at(170), 150),
  metabolite('mmp6', at(170), mmp6),
  lab('weight', at(150), kg),
];

function ids(
  meds: MedicationExposure[],
  l: LabResult[],
  intolerances: IntoleranceRecord[] = [],
): RecommendationId[] {
  return recommendationIds(assess(patient({ meds, labs: l, intolerances }), { asOf: at(AS_OF_DAY) }));
}

describe('optimise-azathioprine uses the current dose only (§6)', () => {
  it('an old stopped 150 mg record and a current record without a dose, 70 kg: optimise-azathioprine', () => {
    const meds = [
      med('prednisolone', T),
      med('azathioprine', T, { end: at(100), status: 'stopped', dose: 150 }),
      med('azathioprine', at(101)),
    ];
    const r = ids(meds, labs(3000, 70));
    expect(r).toContain('optimise-azathioprine');
    expect(r).not.toContain('mmf-after-optimisation');
    expect(r).not.toContain('consider-tacrolimus');
  });

  it('a current 150 mg record at 70 kg (2.14 mg/kg): optimised, mmf-after-optimisation', () => {
    const meds = [med('prednisolone', T), med('azathioprine', T, { dose: 150 })];
    const r = ids(meds, labs(3000, 70));
    expect(r).not.toContain('optimise-azathioprine');
    expect(r).toContain('mmf-after-optimisation');
  });

  /** 150 mg/day from T to day `end`, and an undosed record from day 150 on. */
  const endingOn = (end: number): MedicationExposure[] => [
    med('prednisolone', T),
    med('azathioprine', T, { end: at(end), dose: 150 }),
    med('azathioprine', at(150)),
  ];

  it('the 150 mg record ends on the as-of date: still current, but the undosed current record makes the sum unknown (v2)', () => {
    const r = ids(endingOn(AS_OF_DAY), labs(3000, 70));
    expect(r).toContain('optimise-azathioprine');
    expect(r).not.toContain('mmf-after-optimisation');
  });

  it('the 150 mg record ended the day before as-of: dose unknown, optimise-azathioprine', () => {
    const r = ids(endingOn(AS_OF_DAY - 1), labs(3000, 70));
    expect(r).toContain('optimise-azathioprine');
    expect(r).not.toContain('mmf-after-optimisation');
  });

  it('two current records started the same day (150 and 100 mg) are summed (v2): 250 mg at 70 kg, optimised', () => {
    const meds = [
      med('prednisolone', T),
      med('azathioprine', T, { dose: 150 }),
      med('azathioprine', T, { dose: 100 }),
    ];
    expect(ids(meds, labs(3000, 70))).not.toContain('optimise-azathioprine');
    expect(ids([...meds].reverse(), labs(3000, 70))).toContain('mmf-after-optimisation');
  });
});

describe('no suggestion of a drug the patient is intolerant of (§6)', () => {
  const underdosed = firstLine(T, { azaDose: 50 }); // 1 mg/kg at 50 kg

  it('6-MMP not raised, 1 mg/kg, no intolerance: optimise-azathioprine', () => {
    expect(ids(underdosed, labs(3000, 50))).toContain('optimise-azathioprine');
  });

  it('the same with an azathioprine intolerance: no optimise-azathioprine, not even blocked', () => {
    const r = ids(underdosed, labs(3000, 50), [allergy('azathioprine')]);
    expect(r).not.toContain('optimise-azathioprine');
    expect(r).toContain('switch-to-mmf');
  });

  it('6-MMP raised, no intolerance: add-allopurinol', () => {
    expect(ids(underdosed, labs(8000, 50))).toContain('add-allopurinol');
  });

  it.each(['allopurinol', 'azathioprine'] as const)(
    'the same with an intolerance to %s: no add-allopurinol, not even blocked',
    (ingredient) => {
      expect(ids(underdosed, labs(8000, 50), [allergy(ingredient)])).not.toContain('add-allopurinol');
    },
  );

  it('an intolerance to another drug (prednisolone) leaves add-allopurinol', () => {
    expect(ids(underdosed, labs(8000, 50), [allergy('prednisolone')])).toContain('add-allopurinol');
  });
});
