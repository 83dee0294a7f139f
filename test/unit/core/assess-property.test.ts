import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import { dayNumber } from '../../../src/core/dates.js';
import type {
  AnalyteId,
  Assessment,
  ConditionId,
  ConditionRecord,
  IngredientId,
  IntoleranceRecord,
  LabResult,
  MedicationExposure,
  PatientRecord,
  RecommendationId,
} from '../../../src/core/types.js';
import {
  allergy,
  cond,
  day,
  lab,
  med,
  METABOLITE_UNIT,
  patient,
  RULES_RECOMMENDATION_ORDER,
} from './builders.js';

const T = '2024-01-01';
const at = (n: number) => day(T, n);

const ANALYTES: AnalyteId[] = ['alt', 'ast', 'igg', 'inr', 'wbc', 'egfr', 'weight', 'tgn6', 'mmp6'];
const INGREDIENTS: IngredientId[] = [
  'prednisone',
  'prednisolone',
  'budesonide',
  'azathioprine',
  'mercaptopurine',
  'thioguanine',
  'mycophenolate',
  'tacrolimus',
  'cyclosporine',
  'allopurinol',
  'infliximab',
  'rituximab',
  'sirolimus',
  'everolimus',
  'methotrexate',
  'belimumab',
];
const CONDITIONS: ConditionId[] = [
  'cirrhosis',
  'portal-hypertension',
  'decompensation',
  'pbc',
  'psc',
  'pregnancy',
  'liver-transplant',
];
/** A typical value per analyte; labs are drawn as multiples of it. */
const SCALE: Record<AnalyteId, number> = {
  alt: 40,
  ast: 40,
  igg: 16,
  inr: 1.2,
  wbc: 5,
  egfr: 80,
  weight: 70,
  tgn6: 250,
  mmp6: 4000,
  'tacrolimus-trough': 5,
};
const LISTED_ORDER: readonly RecommendationId[] = RULES_RECOMMENDATION_ORDER;
const USED_STATUSES = new Set(['final', 'amended', 'corrected']);

const offset = fc.integer({ min: -200, max: 600 });
const opt = <V>(arb: fc.Arbitrary<V>) => fc.option(arb, { nil: undefined });

/** How a random lab deviates from a plain final result in the canonical unit with a lab range. */
const variationArb = fc.record({
  comparator: opt(fc.constantFrom('<' as const, '<=' as const, '>' as const, '>=' as const)),
  unit: fc.constantFrom('canonical', 'none', 'mg/dL', 'ukat/L', '[IU]/L', 'xyz'),
  high: fc.constantFrom<'lab' | 'none' | number>('lab', 'none', 0, 35, 50),
  text: opt(fc.constantFrom('10-40', '<40 U/L', '<= 40', '0 - 35', 'see comment')),
  status: fc.constantFrom('final', 'amended', 'corrected', 'preliminary', 'entered-in-error', 'cancelled'),
});
type Variation = typeof variationArb extends fc.Arbitrary<infer V> ? V : never;
/** Mostly plain results, sometimes a random variation. */
const maybeVaried = fc.option(variationArb, { nil: undefined, freq: 3 });
const multiple = fc.oneof(
  fc.constantFrom(0.5, 1, 1.01, 1.5, 2, 2.01),
  fc.double({ min: 0, max: 6, noNaN: true }),
);

function labOf(analyte: AnalyteId, d: number, k: number, v: Variation | undefined): LabResult {
  const metabolite = analyte === 'tgn6' || analyte === 'mmp6';
  if (!v) return lab(analyte, at(d), k * SCALE[analyte], metabolite ? { unit: METABOLITE_UNIT } : {});
  const unit = v.unit === 'canonical' ? undefined : v.unit === 'none' ? '' : v.unit;
  const l = lab(analyte, at(d), k * SCALE[analyte], {
    unit: metabolite && unit === undefined ? METABOLITE_UNIT : unit,
    ...(v.high === 'lab' ? {} : { high: v.high === 'none' ? null : v.high }),
    ...(v.comparator ? { comparator: v.comparator } : {}),
    ...(v.text ? { text: v.text } : {}),
    status: v.status,
  });
  return unit === '' ? { ...l, unit: undefined } : l;
}

const labArb: fc.Arbitrary<LabResult> = fc
  .tuple(fc.constantFrom(...ANALYTES), offset, multiple, maybeVaried)
  .map(([analyte, d, k, v]) => labOf(analyte, d, k, v));

/** ALT, AST and IgG within a few days of each other: the stuff CBR panels are made of. */
const panelArb: fc.Arbitrary<LabResult[]> = fc
  .tuple(
    offset,
    fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), multiple, maybeVaried), {
      minLength: 3,
      maxLength: 3,
    }),
  )
  .map(([d, parts]) =>
    (['alt', 'ast', 'igg'] as const).map((analyte, i) => {
      const [jitter, k, v] = parts[i]!;
      return labOf(analyte, d + jitter, k, v);
    }),
  );

const medArb: fc.Arbitrary<MedicationExposure> = fc
  .record({
    ingredient: fc.constantFrom(...INGREDIENTS),
    start: opt(offset),
    length: opt(fc.integer({ min: 0, max: 400 })),
    status: fc.constantFrom(
      'active',
      'completed',
      'stopped',
      'on-hold',
      'cancelled',
      'entered-in-error',
      'unknown',
    ),
    dose: opt(fc.integer({ min: 0, max: 250 })),
    reason: opt(fc.constantFrom('side effects', 'leukopenia', 'patient choice')),
    reasonCode: opt(fc.constantFrom('281647001', '62014003', '12345')),
  })
  .map((r) => {
    const m = med(r.ingredient, r.start === undefined ? '' : at(r.start), {
      ...(r.start !== undefined && r.length !== undefined ? { end: at(r.start + r.length) } : {}),
      status: r.status,
      ...(r.dose !== undefined ? { dose: r.dose } : {}),
      ...(r.reason ? { reasonText: r.reason } : {}),
      ...(r.reasonCode ? { reasonCodes: [r.reasonCode] } : {}),
    });
    if (r.start !== undefined) return m;
    const undated: MedicationExposure = { ...m };
    delete undated.start;
    return undated;
  });

const conditionArb: fc.Arbitrary<ConditionRecord> = fc
  .record({
    condition: fc.constantFrom(...CONDITIONS),
    clinicalStatus: opt(fc.constantFrom('active', 'resolved', 'inactive', 'remission', 'relapse')),
    verificationStatus: opt(fc.constantFrom('confirmed', 'provisional', 'refuted', 'entered-in-error')),
    onset: opt(offset),
  })
  .map((r) => {
    const c = cond(r.condition, { ...(r.onset !== undefined ? { onset: at(r.onset) } : {}) });
    return { ...c, clinicalStatus: r.clinicalStatus, verificationStatus: r.verificationStatus };
  });

const intoleranceArb: fc.Arbitrary<IntoleranceRecord> = fc
  .record({
    ingredient: fc.constantFrom(...INGREDIENTS),
    verificationStatus: opt(fc.constantFrom('confirmed', 'unconfirmed', 'refuted', 'entered-in-error')),
  })
  .map((r) => allergy(r.ingredient, { verificationStatus: r.verificationStatus }));

const recordArb: fc.Arbitrary<{ record: PatientRecord; asOf: string }> = fc
  .record({
    gender: opt(fc.constantFrom('male' as const, 'female' as const, 'other' as const, 'unknown' as const)),
    birthYear: opt(fc.integer({ min: 1940, max: 2015 })),
    hasAih: fc.integer({ min: 0, max: 9 }).map((n) => n > 0),
    steroid: opt(fc.constantFrom('prednisone' as const, 'prednisolone' as const, 'budesonide' as const)),
    labs: fc.array(labArb, { maxLength: 12 }),
    panels: fc.array(panelArb, { maxLength: 8 }),
    meds: fc.array(medArb, { maxLength: 5 }),
    conditions: fc.option(fc.array(conditionArb, { maxLength: 3 }), { nil: [], freq: 3 }),
    intolerances: fc.array(intoleranceArb, { maxLength: 2 }),
    asOf: fc.integer({ min: 0, max: 700 }),
  })
  .map((r) => {
    const record = patient({
      labs: [...r.labs, ...r.panels.flat()],
      meds: [...(r.steroid ? [med(r.steroid, T)] : []), ...r.meds],
      conditions: [...(r.hasAih ? [cond('aih')] : []), ...r.conditions],
      intolerances: r.intolerances,
      ...(r.gender ? { gender: r.gender } : {}),
    });
    const withPerson: PatientRecord = {
      ...record,
      gender: r.gender,
      birthDate: r.birthYear === undefined ? undefined : `${r.birthYear}-06-15`,
    };
    return { record: withPerson, asOf: at(r.asOf) };
  });

/** Is there one ALT, one AST and one IgG, each ≤ 1×ULN and used-status, within 31 days of each other? */
function hasNormalPanelEvidence(a: Assessment, record: PatientRecord): boolean {
  const usedLab = new Map(record.labs.filter((l) => USED_STATUSES.has(l.status)).map((l) => [l.ref, l]));
  const normal = (analyte: AnalyteId) =>
    a.evidence
      .filter((e) => e.analyte === analyte && e.xUln !== undefined && e.xUln <= 1 && usedLab.has(e.resource))
      .map((e) => dayNumber(e.date)!);
  const [alt, ast, igg] = [normal('alt'), normal('ast'), normal('igg')];
  return alt.some((x) => ast.some((y) => igg.some((z) => Math.max(x, y, z) - Math.min(x, y, z) <= 31)));
}

describe('assess on random records (property-based)', () => {
  it('never throws, and never claims a complete or late response without ALT, AST and IgG evidence ≤ 1×ULN', () => {
    fc.assert(
      fc.property(recordArb, ({ record, asOf }) => {
        const a = assess(record, { asOf });
        if (a.response === 'complete-biochemical-response' || a.response === 'late-response')
          expect(hasNormalPanelEvidence(a, record)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('insufficient-data always lists what is missing', () => {
    fc.assert(
      fc.property(recordArb, ({ record, asOf }) => {
        const a = assess(record, { asOf });
        if (a.response === 'insufficient-data') expect(a.missing.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });

  it('recommendations are unique, in the listed order, and blocked exactly when a flag blocks them', () => {
    fc.assert(
      fc.property(recordArb, ({ record, asOf }) => {
        const a = assess(record, { asOf });
        const positions = a.recommendations.map((r) => LISTED_ORDER.indexOf(r.id));
        expect(positions.every((p) => p >= 0)).toBe(true);
        expect(positions).toEqual([...new Set(positions)].sort((x, y) => x - y));
        for (const r of a.recommendations) {
          expect(r.status === 'blocked').toBe(r.blockedBy.length > 0);
          for (const f of r.blockedBy) expect(a.safetyFlags).toContain(f);
        }
        if (a.response === 'not-applicable') expect(a.recommendations).toEqual([]);
        if (a.response === 'out-of-scope')
          expect(a.recommendations.map((r) => r.id)).toEqual(['refer-specialist-centre']);
      }),
      { numRuns: 200 },
    );
  });
});
