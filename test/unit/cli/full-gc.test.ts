import { describe, expect, it } from 'vitest';
import { fullGarbageCollector } from '../../../src/cli/full-gc.js';

describe('fullGarbageCollector', () => {
  it('collects an object that nothing refers to any more', async () => {
    const collect = fullGarbageCollector();
    let target: object | undefined = { payload: new Array(1000).fill('x') };
    const ref = new WeakRef(target);
    target = undefined;
    // A WeakRef keeps its target until the end of the current job: collect after it.
    await new Promise((resolve) => setImmediate(resolve));
    collect();
    expect(ref.deref()).toBeUndefined();
  });

  it('can be asked for twice', () => {
    expect(() => fullGarbageCollector()()).not.toThrow();
    expect(() => fullGarbageCollector()()).not.toThrow();
  });
});
