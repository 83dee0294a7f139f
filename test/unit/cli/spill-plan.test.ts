import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseClassifyArgs } from '../../../src/cli/args.js';
import { bucketRanges, planSpill, spillLoad, UNKNOWN_INPUT_BYTES } from '../../../src/cli/spill-plan.js';

const MB = 1024 * 1024;
const GB = 1024 * MB;

describe('planSpill', () => {
  it('keeps a cohort that fits in memory, with the threads it was given', () => {
    expect(planSpill(10 * MB, 512, 2)).toEqual({ partitions: 1, workers: 2 });
    expect(planSpill(100 * MB, 512, 4)).toEqual({ partitions: 1, workers: 4 });
  });

  it('cuts a larger input into partitions in proportion to its size', () => {
    const small = planSpill(1.4 * GB, 512, 2).partitions;
    const large = planSpill(14 * GB, 512, 2).partitions;
    expect(small).toBeGreaterThan(1);
    expect(large).toBeGreaterThan(small * 8);
    expect(large).toBeLessThanOrEqual(small * 10);
    // A larger budget needs fewer partitions.
    expect(planSpill(14 * GB, 2048, 2).partitions).toBeLessThan(large / 3);
  });

  it('gives up workers it was not asked for before the budget is all theirs, and keeps those asked for', () => {
    expect(planSpill(14 * GB, 300, 4).workers).toBe(1);
    expect(planSpill(14 * GB, 512, 4).workers).toBeLessThan(4);
    expect(planSpill(14 * GB, 512, 4).workers).toBeGreaterThan(1);
    expect(planSpill(14 * GB, 300, 4, true).workers).toBe(4);
  });

  it('counts the patients when they are known: many small patients need more partitions', () => {
    const fewLarge = planSpill(14 * GB, 512, 2, true, 200_000).partitions;
    const manySmall = planSpill(14 * GB, 512, 2, true, 600_000).partitions;
    expect(fewLarge).toBeGreaterThan(1);
    expect(manySmall).toBeGreaterThan(fewLarge);
    // No patient told: the size alone decides.
    expect(planSpill(1.4 * GB, 512, 2, true, 0)).toEqual(planSpill(1.4 * GB, 512, 2, true));
  });

  it('bounds a cohort of few patients with long histories by its size', () => {
    const fewPatients = planSpill(14 * GB, 512, 2, true, 2_000).partitions;
    expect(fewPatients).toBeGreaterThan(1);
    expect(fewPatients).toBe(planSpill(14 * GB, 512, 2, true, 20_000).partitions);
  });

  it('keeps the 20,000 patients of the synthetic benchmark export (1.4 GB) in memory at the default budget', () => {
    expect(planSpill(1.4 * GB, 512, 2, false, 20_000)).toEqual({ partitions: 1, workers: 2 });
    // Their size alone would not tell that they fit.
    expect(planSpill(1.4 * GB, 512, 2).partitions).toBeGreaterThan(1);
    // 2.5 times as many patients do not.
    expect(planSpill(3.5 * GB, 512, 2, false, 50_000).partitions).toBeGreaterThan(1);
  });

  it('plans an input of unknown size as a large one', () => {
    expect(planSpill(undefined, 512, 2)).toEqual(planSpill(UNKNOWN_INPUT_BYTES, 512, 2));
    expect(planSpill(undefined, 512, 2).partitions).toBeGreaterThan(10);
  });
});

describe('bucketRanges', () => {
  it('cuts the buckets into runs that cover each bucket once and hold at most 1/load of them', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 600, noNaN: true }),
        fc.constantFrom(64, 128, 256, 512),
        (load, buckets) => {
          const ranges = bucketRanges(load, buckets);
          let next = 0;
          for (const { first, span } of ranges) {
            expect(first).toBe(next);
            expect(span).toBeGreaterThan(0);
            if (load <= buckets) expect(span).toBeLessThanOrEqual(buckets / Math.max(1, load));
            next = first + span;
          }
          expect(next).toBe(buckets);
          expect(ranges.length).toBeGreaterThanOrEqual(Math.min(buckets, Math.ceil(load)));
        },
      ),
    );
  });

  it('comes nearer the load than powers of two: 10 partitions of 256 buckets for 200,000 patients', () => {
    const { load } = spillLoad(14 * GB, 512, 2, true, 200_000);
    expect(Math.ceil(load)).toBe(planSpill(14 * GB, 512, 2, true, 200_000).partitions);
    expect(load).toBeGreaterThan(8);
    expect(bucketRanges(load, 256)).toHaveLength(Math.ceil(load));
    expect(bucketRanges(0.9, 64)).toEqual([{ first: 0, span: 64 }]);
    expect(bucketRanges(2.5, 64).map((range) => range.span)).toEqual([21, 21, 22]);
  });
});

describe('--memory-budget MB', () => {
  it('takes a whole number of MB from 64, and refuses anything else', () => {
    const parsed = parseClassifyArgs(['--memory-budget', '768', 'x.ndjson'], '2025-01-01');
    expect(parsed).toMatchObject({ kind: 'options', options: { memoryBudgetMb: 768 } });
    for (const bad of ['63', '0', '-5', '1.5', 'lots', ''])
      expect(parseClassifyArgs([`--memory-budget=${bad}`, 'x.ndjson'], '2025-01-01')).toMatchObject({
        kind: 'usage-error',
        message: expect.stringMatching(/--memory-budget must be a whole number of MB/),
      });
  });
});
