/**
 * Work the HTTP thread does itself (answering a call whose prefetch it already holds), spread over
 * event-loop turns. Node 20's libuv accepts one new connection per loop turn (libuv #3696), so a turn
 * that answers every waiting call starves new connections: at 50 clients opening their connections at
 * once, the last ones were accepted a second after they connected. Answering for at most
 * {@link TURN_BUDGET_MS} per turn lets the loop come back to the listening socket between calls.
 */

/**
 * About two calls' work. Measured on 2 cores, order-sign with 50 clients: slowest call 0.8–1.1 s with no
 * budget; with 0.5 ms 100–166 ms but p99 58–72 ms (a poll after every call); with 1 ms 56–192 ms and
 * p99 40–57 ms; with 2 ms up to 312 ms.
 */
export const TURN_BUDGET_MS = 1;

export interface LoopTurnsOptions {
  budgetMs?: number;
  now?: () => number;
  /** Runs a callback on a later loop turn, after the loop has polled for I/O. */
  later?: (callback: () => void) => void;
}

export class LoopTurns {
  private readonly queue: (() => void)[] = [];
  private scheduled = false;
  private readonly budgetMs: number;
  private readonly now: () => number;
  private readonly later: (callback: () => void) => void;

  constructor(options: LoopTurnsOptions = {}) {
    this.budgetMs = options.budgetMs ?? TURN_BUDGET_MS;
    this.now = options.now ?? (() => performance.now());
    this.later = options.later ?? ((callback) => void setImmediate(callback));
  }

  /** Runs `task` on a coming turn, in the order given; its result or failure is the promise's. */
  run<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push(() => {
        try {
          task().then(resolve, reject);
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
      if (!this.scheduled) {
        this.scheduled = true;
        this.later(() => this.drain());
      }
    });
  }

  get waiting(): number {
    return this.queue.length;
  }

  private drain(): void {
    const started = this.now();
    do this.queue.shift()?.();
    while (this.queue.length > 0 && this.now() - started < this.budgetMs);
    if (this.queue.length > 0) this.later(() => this.drain());
    else this.scheduled = false;
  }
}
