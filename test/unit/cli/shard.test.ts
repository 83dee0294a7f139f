import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseShard } from '../../../src/cli/args.js';
import { inShard, partitionOf, patientHash, shardOfHash, spillShard } from '../../../src/cli/partition.js';

describe('--shard INDEX/COUNT', () => {
  it('parses indexes from 0 and refuses out-of-range or malformed values', () => {
    expect(parseShard('0/1')).toEqual({ index: 0, count: 1 });
    expect(parseShard('3/4')).toEqual({ index: 3, count: 4 });
    expect(parseShard('9999/10000')).toEqual({ index: 9999, count: 10000 });
    for (const bad of ['4/4', '0/0', '1/0', '0/10001', '-1/2', 'a/2', '1', '1/2/3', ' 1/2', '1/2 '])
      expect(parseShard(bad)).toBeNull();
  });

  it('puts every patient in exactly one shard', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9.-]{1,64}$/),
        fc.integer({ min: 1, max: 64 }),
        (id, count) => {
          const owners = Array.from({ length: count }, (_, index) => index).filter((index) =>
            inShard(id, { index, count }),
          );
          expect(owners).toHaveLength(1);
        },
      ),
    );
    expect(inShard('any', undefined)).toBe(true);
  });

  it('gives a spill partition of buckets the patients of those buckets, within --shard too', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9.-]{1,64}$/),
        fc.integer({ min: 0, max: 63 }),
        fc.integer({ min: 1, max: 64 }),
        fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
        (id, first, wanted, shardIndex) => {
          const span = Math.min(wanted, 64 - first);
          const shard = shardIndex === undefined ? undefined : { index: shardIndex, count: 3 };
          const buckets = Array.from({ length: span }, (_, i) => first + i);
          // The bucket the spill pass writes the patient to, within the shard when there is one.
          const total = (shard?.count ?? 1) * 64;
          const bucket = shardOfHash(patientHash(id), total) - (shard?.index ?? 0) * 64;
          expect(inShard(id, spillShard(first, span, 64, shard))).toBe(buckets.includes(bucket));
        },
      ),
    );
  });

  it('spreads sequential ids evenly over shards, and a shard evenly over worker partitions', () => {
    const ids = Array.from({ length: 8000 }, (_, i) => `patient-${String(i).padStart(6, '0')}`);
    const shards = [0, 1, 2, 3].map((index) => ids.filter((id) => inShard(id, { index, count: 4 })));
    for (const shard of shards) {
      expect(shard.length).toBeGreaterThan(1800);
      expect(shard.length).toBeLessThan(2200);
      const perPartition = [0, 1].map((p) => shard.filter((id) => partitionOf(id, 2) === p).length);
      expect(Math.min(...perPartition)).toBeGreaterThan(shard.length * 0.4);
    }
  });
});
