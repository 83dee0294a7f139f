import { describe, expect, it } from 'vitest';
import { boundedMemo } from '../../../src/core/memo.js';

describe('boundedMemo', () => {
  it('computes each key once, remembered undefined included', () => {
    const calls: string[] = [];
    const lookup = boundedMemo((key: string) => {
      calls.push(key);
      return key === 'none' ? undefined : key.length;
    }, 10);
    expect([lookup('abc'), lookup('abc'), lookup('none'), lookup('none')]).toEqual([
      3,
      3,
      undefined,
      undefined,
    ]);
    expect(calls).toEqual(['abc', 'none']);
  });

  it('starts afresh when full, and still answers correctly', () => {
    const calls: number[] = [];
    const double = boundedMemo((n: number) => {
      calls.push(n);
      return n * 2;
    }, 2);
    expect([double(1), double(2), double(3), double(1)]).toEqual([2, 4, 6, 2]);
    // 3 found the memo full and emptied it, so 1 is computed again.
    expect(calls).toEqual([1, 2, 3, 1]);
  });
});
