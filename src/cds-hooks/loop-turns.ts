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

/**
 * While connections are being opened (one was taken up within {@link OPENING_WINDOW_MS}), more are
 * likely waiting in the listening socket's queue, and a turn answers one call only. With the full budget,
 * the answered clients' next calls (their JWT checks and bodies, read where they arrive) came back in the
 * next turn with the one new connection: turns of about 10 ms, and the 50th connection was taken up
 * 0.45–1.1 s after the first (each connection's time logged on 2 cores shared with other work). With
 * one call a turn the 50th was taken up 5–145 ms after the first.
 */
export const OPENING_BUDGET_MS = 0;
export const OPENING_WINDOW_MS = 5;

export interface LoopTurnsOptions {
  budgetMs?: number;
  openingBudgetMs?: number;
  openingWindowMs?: number;
  now?: () => number;
  /** Runs a callback on a later loop turn, after the loop has polled for I/O. */
  later?: (callback: () => void) => void;
}

export class LoopTurns {
  private readonly queue: (() => void)[] = [];
  private scheduled = false;
  private lastOpenedAt = Number.NEGATIVE_INFINITY;
  private readonly budgetMs: number;
  private readonly openingBudgetMs: number;
  private readonly openingWindowMs: number;
  private readonly now: () => number;
  private readonly later: (callback: () => void) => void;

  constructor(options: LoopTurnsOptions = {}) {
    this.budgetMs = options.budgetMs ?? TURN_BUDGET_MS;
    this.openingBudgetMs = options.openingBudgetMs ?? OPENING_BUDGET_MS;
    this.openingWindowMs = options.openingWindowMs ?? OPENING_WINDOW_MS;
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
        this.later(() => this.startTurn());
      }
    });
  }

  /** A new connection was taken up: others may be waiting behind it (see {@link OPENING_BUDGET_MS}). */
  connectionOpened(): void {
    this.lastOpenedAt = this.now();
  }

  get waiting(): number {
    return this.queue.length;
  }

  private startTurn(): void {
    const started = this.now();
    const budgetMs =
      started - this.lastOpenedAt < this.openingWindowMs ? this.openingBudgetMs : this.budgetMs;
    do this.queue.shift()?.();
    while (this.queue.length > 0 && this.now() - started < budgetMs);
    if (this.queue.length > 0) this.later(() => this.startTurn());
    else this.scheduled = false;
  }
}
