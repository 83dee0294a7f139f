import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameJson, uniqueCopies } from '../../../../src/fhir/load/unique-copies.js';
import { keyOf } from '../../../../src/fhir/load/medication-references.js';

const obs = (id: string, value: number): Record<string, unknown> => ({
  resourceType: 'Observation',
  id,
  valueQuantity: { value, unit: 'U/L' },
});

/** What the loader kept before: the first of each `Type/id` plus its whole serialised content. */
function byContentKey(resources: readonly unknown[]): unknown[] {
  const seen = new Set<string>();
  return resources.filter((resource) => {
    const key = keyOf(resource);
    if (key === undefined) return true;
    const full = `${key}|${JSON.stringify(resource)}`;
    if (seen.has(full)) return false;
    seen.add(full);
    return true;
  });
}

describe('resources read more than once', () => {
  it('keeps one of identical copies, whether the same object or an equal one', () => {
    const a = obs('1', 90);
    const kept = uniqueCopies([a, a, structuredClone(a), obs('2', 80)]);
    expect(kept).toEqual([a, obs('2', 80)]);
    expect(kept[0]).toBe(a);
  });

  it('keeps every copy of one id whose content differs, so the conflict stays visible', () => {
    const first = obs('1', 90);
    const conflicting = obs('1', 91);
    expect(uniqueCopies([first, obs('2', 80), conflicting, structuredClone(conflicting), first])).toEqual([
      first,
      obs('2', 80),
      conflicting,
    ]);
  });

  it('keeps every resource without a type or an id', () => {
    const anonymous = { resourceType: 'Observation', status: 'final' };
    expect(uniqueCopies([anonymous, anonymous, 'text', null])).toEqual([anonymous, anonymous, 'text', null]);
  });

  it('keeps exactly what comparing every serialised copy kept, in the same order', () => {
    // A deterministic mixture: repeated objects, equal clones, conflicting copies, key-order variants.
    const pool: unknown[] = [];
    for (let i = 0; i < 200; i += 1) {
      const id = String(i % 23);
      const base = obs(id, (i * 7) % 3);
      pool.push(
        i % 5 === 0 ? (pool[i - 1] ?? base) : i % 7 === 0 ? { id, resourceType: 'Observation' } : base,
      );
    }
    const kept = uniqueCopies(pool);
    const before = byContentKey(pool);
    expect(kept).toHaveLength(before.length);
    kept.forEach((resource, index) => expect(resource).toBe(before[index]));
    expect(kept.length).toBeLessThan(pool.length);
  });
});

describe('comparing two copies', () => {
  it('says equal exactly when their JSON texts are equal', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(sameJson(a, b)).toBe(JSON.stringify(a) === JSON.stringify(b));
        const copy: unknown = JSON.parse(JSON.stringify(a));
        expect(sameJson(a, copy)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('tells apart member order, arrays from objects, and missing members', () => {
    expect(sameJson({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(sameJson([1], { 0: 1 })).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameJson([undefined], [null])).toBe(true);
    expect(sameJson({ v: '1' }, { v: 1 })).toBe(false);
  });
});
