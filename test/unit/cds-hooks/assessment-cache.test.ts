import { describe, expect, it } from 'vitest';
import type { PatientRecord } from '../../../src/core/types.js';
import { AssessmentCache, type AssessmentInputs } from '../../../src/cds-hooks/assessment-cache.js';
import { deepFreeze } from '../../../src/cds-hooks/prefetch-cache.js';
import { patient } from '../core/builders.js';

const record = (id = 'p-1'): PatientRecord => patient({ id });

/** A cache whose computations are counted; each result names the inputs it was made for. */
function counted() {
  const cache = new AssessmentCache<{ made: string; list: number[] }>();
  let computed = 0;
  const reuse = (shared: PatientRecord, inputs: AssessmentInputs) =>
    cache.reuse(shared, inputs, () => {
      computed += 1;
      return { made: `${inputs.asOf} #${computed}`, list: [computed] };
    });
  return { reuse, computed: () => computed };
}

const SITE_A = { defaultUln: { altMale: 40, altFemale: 35, ast: 40, igg: 16 } };
const SITE_B = { defaultUln: { altMale: 50, altFemale: 35, ast: 40, igg: 16 } };

describe('assessment cache', () => {
  it('gives the first result again for the same shared record and inputs, deep-frozen', () => {
    const { reuse, computed } = counted();
    const shared = deepFreeze(record());
    const first = reuse(shared, { asOf: '2026-03-01', site: SITE_A });
    const again = reuse(shared, { asOf: '2026-03-01', site: { ...SITE_A } });
    expect(again).toBe(first);
    expect(computed()).toBe(1);
    expect(Object.isFrozen(first.list)).toBe(true);
  });

  it('assesses again for another as-of date, site, launch URL, uuid function or assessor', () => {
    const { reuse, computed } = counted();
    const shared = deepFreeze(record());
    const base: AssessmentInputs = { asOf: '2026-03-01', site: SITE_A };
    const uuid = (seed: string): string => seed;
    const variants: AssessmentInputs[] = [
      base,
      { ...base, asOf: '2026-03-02' },
      { ...base, site: SITE_B },
      { asOf: base.asOf },
      { ...base, site: { defaultUln: { ...SITE_A.defaultUln, igg: Number.NaN } } },
      { ...base, site: { defaultUln: { ...SITE_A.defaultUln, igg: Number.POSITIVE_INFINITY } } },
      { ...base, appLaunchUrl: 'https://app.example.org/launch' },
      { ...base, uuid },
      { ...base, uuid: (seed: string): string => seed },
      { ...base, assessor: (): number => 1 },
      { ...base, assessor: (): number => 1 },
    ];
    const results = variants.map((inputs) => reuse(shared, inputs));
    expect(computed()).toBe(variants.length);
    expect(new Set(results).size).toBe(variants.length);
    // The same function is the same input.
    expect(reuse(shared, { ...base, uuid })).toBe(results[7]);
  });

  it('never keeps the result for a record that is not frozen (not shared, could change)', () => {
    const { reuse, computed } = counted();
    const own = record();
    reuse(own, { asOf: '2026-03-01' });
    const second = reuse(own, { asOf: '2026-03-01' });
    expect(computed()).toBe(2);
    expect(Object.isFrozen(second)).toBe(false);
  });

  it('keeps results per record: another record with equal content is assessed for itself', () => {
    const { reuse, computed } = counted();
    reuse(deepFreeze(record()), { asOf: '2026-03-01' });
    reuse(deepFreeze(record()), { asOf: '2026-03-01' });
    expect(computed()).toBe(2);
  });

  it('keeps a few results per record, the oldest dropped first', () => {
    const { reuse, computed } = counted();
    const shared = deepFreeze(record());
    const days = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05'];
    for (const asOf of days) reuse(shared, { asOf });
    expect(computed()).toBe(5);
    reuse(shared, { asOf: '2026-03-05' });
    expect(computed()).toBe(5);
    reuse(shared, { asOf: '2026-03-01' });
    expect(computed()).toBe(6);
  });
});
