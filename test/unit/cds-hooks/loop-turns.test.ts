import { describe, expect, it } from 'vitest';
import { LoopTurns } from '../../../src/cds-hooks/loop-turns.js';

/** A hand-driven loop: `turn()` runs what was scheduled for the next turn. */
function manualLoop() {
  let pending: (() => void)[] = [];
  let clock = 0;
  return {
    later: (callback: () => void) => void pending.push(callback),
    now: () => clock,
    advance: (ms: number) => (clock += ms),
    turn: () => {
      const due = pending;
      pending = [];
      due.forEach((callback) => callback());
      return due.length;
    },
  };
}

describe('LoopTurns', () => {
  it('runs nothing until the next turn, then tasks in order within the budget', async () => {
    const loop = manualLoop();
    const turns = new LoopTurns({ budgetMs: 1, ...loop });
    const ran: number[] = [];
    const results = [1, 2, 3].map((n) =>
      turns.run(async () => {
        ran.push(n);
        loop.advance(0.6); // each task takes 0.6 ms: two fit in a 1 ms turn
        return n * 10;
      }),
    );
    expect(ran).toEqual([]);
    loop.turn();
    expect(ran).toEqual([1, 2]);
    expect(turns.waiting).toBe(1);
    loop.turn();
    expect(ran).toEqual([1, 2, 3]);
    expect(await Promise.all(results)).toEqual([10, 20, 30]);
    expect(loop.turn()).toBe(0); // nothing left scheduled
  });

  it('runs at least one task per turn, however long it takes', () => {
    const loop = manualLoop();
    const turns = new LoopTurns({ budgetMs: 0.5, ...loop });
    const ran: string[] = [];
    for (const name of ['a', 'b'])
      void turns.run(async () => {
        ran.push(name);
        loop.advance(5);
      });
    loop.turn();
    expect(ran).toEqual(['a']);
    loop.turn();
    expect(ran).toEqual(['a', 'b']);
  });

  it('passes on a failure, thrown or rejected, without stopping the tasks after it', async () => {
    const loop = manualLoop();
    const turns = new LoopTurns({ budgetMs: 10, ...loop });
    const thrown = turns.run(() => {
      throw new Error('thrown');
    });
    const rejected = turns.run(() => Promise.reject(new Error('rejected')));
    const fine = turns.run(async () => 'fine');
    loop.turn();
    await expect(thrown).rejects.toThrow('thrown');
    await expect(rejected).rejects.toThrow('rejected');
    await expect(fine).resolves.toBe('fine');
  });

  it('gives the real event loop back between tasks once the budget is spent', async () => {
    const order = async (budgetMs: number): Promise<string[]> => {
      const turns = new LoopTurns({ budgetMs });
      const seen: string[] = [];
      const first = turns.run(async () => {
        seen.push('task 1');
        setImmediate(() => seen.push('other work'));
      });
      const second = turns.run(async () => void seen.push('task 2'));
      await Promise.all([first, second]);
      await new Promise((resolve) => setImmediate(resolve));
      return seen;
    };
    expect(await order(0)).toEqual(['task 1', 'other work', 'task 2']);
    expect(await order(1000)).toEqual(['task 1', 'task 2', 'other work']);
  });

  it('answers one call per turn while connections are being opened, within the full budget after', () => {
    const loop = manualLoop();
    const turns = new LoopTurns({ budgetMs: 10, openingBudgetMs: 0, openingWindowMs: 5, ...loop });
    const ran: number[] = [];
    const queue = (): void => {
      for (const n of [1, 2, 3]) void turns.run(async () => void ran.push(n));
    };
    turns.connectionOpened();
    queue();
    loop.turn();
    expect(ran).toEqual([1]);
    loop.advance(6); // no connection taken up for longer than the window
    loop.turn();
    expect(ran).toEqual([1, 2, 3]);
    ran.length = 0;
    queue();
    loop.turn();
    expect(ran).toEqual([1, 2, 3]);
  });
});
