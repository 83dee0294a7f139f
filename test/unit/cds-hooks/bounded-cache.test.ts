import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../../src/cds-hooks/bounded-cache.js';

const BOUNDS = { maxEntries: 3, maxBytes: 100, ttlMs: 1000 };

describe('a cache bounded by entries, bytes and age', () => {
  it('drops the least recently used entry beyond its entry bound', () => {
    const cache = new BoundedCache<string>(BOUNDS);
    for (const key of ['a', 'b', 'c']) cache.set(key, key.toUpperCase(), 1);
    expect(cache.get('a')).toBe('A'); // now the most recently used
    cache.set('d', 'D', 1);
    expect(cache.get('b')).toBeUndefined();
    expect(['a', 'c', 'd'].map((key) => cache.get(key))).toEqual(['A', 'C', 'D']);
    expect(cache.size).toBe(3);
  });

  it('keeps the bytes within budget, and never keeps a value larger than all of it', () => {
    const cache = new BoundedCache<number>(BOUNDS);
    cache.set('a', 1, 60);
    cache.set('b', 2, 30);
    expect(cache.bytes).toBe(90);
    cache.set('c', 3, 30);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.bytes).toBe(60);
    cache.set('huge', 4, 101);
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.bytes).toBe(60);
    cache.set('b', 5, 10);
    expect([cache.get('b'), cache.bytes]).toEqual([5, 40]);
  });

  it('forgets an entry once its time is up', () => {
    let now = 0;
    const cache = new BoundedCache<string>(BOUNDS, { now: () => now });
    cache.set('a', 'A', 10);
    now = 999;
    expect(cache.get('a')).toBe('A');
    now = 1000;
    expect(cache.get('a')).toBeUndefined();
    expect([cache.size, cache.bytes]).toEqual([0, 0]);
  });

  it('takes its bounds from the options before the defaults', () => {
    const cache = new BoundedCache<string>(BOUNDS, { maxEntries: 1 });
    cache.set('a', 'A', 1);
    cache.set('b', 'B', 1);
    expect([cache.get('a'), cache.get('b')]).toEqual([undefined, 'B']);
  });
});
