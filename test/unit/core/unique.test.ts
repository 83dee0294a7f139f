import { describe, expect, it } from 'vitest';
import { uniqueBy } from '../../../src/core/unique.js';

describe('uniqueBy', () => {
  it('keeps the first item of each key, in order, and every item without a key', () => {
    const items = [
      { k: 'a', n: 1 },
      { k: undefined, n: 2 },
      { k: 'b', n: 3 },
      { k: 'a', n: 4 },
      { k: undefined, n: 5 },
    ];
    expect(uniqueBy(items, (i) => i.k).map((i) => i.n)).toEqual([1, 2, 3, 5]);
  });
});
