import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../../src/fhir/json-depth.js';

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

describe('nestsDeeperThan', () => {
  it('allows 64 levels and refuses 65', () => {
    expect(MAX_JSON_DEPTH).toBe(64);
    expect(nestsDeeperThan(nested(64))).toBe(false);
    expect(nestsDeeperThan(nested(65))).toBe(true);
    expect(nestsDeeperThan(`{"a":${nested(63)}}`)).toBe(false);
    expect(nestsDeeperThan(`{"a":${nested(64)}}`)).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(JSON.stringify({ text: '['.repeat(1000) }))).toBe(false);
    expect(nestsDeeperThan(JSON.stringify({ text: `\\"${'{'.repeat(1000)}` }))).toBe(false);
    expect(nestsDeeperThan(`["\\\\", ${nested(64)}]`)).toBe(true);
  });

  it('judges by nesting, not by how many containers a text holds', () => {
    const manyShallow = `[${Array.from({ length: 200 }, () => '{"a":[1]}').join(',')}]`;
    expect(nestsDeeperThan(manyShallow)).toBe(false);
    expect(nestsDeeperThan(`[${manyShallow},${nested(64)}]`)).toBe(true);
    expect(nestsDeeperThan(`["${'{'.repeat(64)}", ${nested(63)}]`)).toBe(false);
  });

  it('stops at the first level too deep, without reading the rest', () => {
    const started = performance.now();
    expect(nestsDeeperThan('['.repeat(20_000_000))).toBe(true);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('agrees with the depth of any JSON value', () => {
    const depthOf = (value: unknown): number =>
      typeof value === 'object' && value !== null ? 1 + Math.max(0, ...Object.values(value).map(depthOf)) : 0;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 8 }), (value, limit) => {
        expect(nestsDeeperThan(JSON.stringify(value), limit)).toBe(depthOf(value) > limit);
      }),
      { numRuns: 500 },
    );
  });
});
