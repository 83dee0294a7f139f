/**
 * A small pool of `node:worker_threads` workers for CPU-heavy tasks. Each task goes to the least
 * busy worker (a worker may hold several tasks while it waits on the network). A worker that dies
 * fails only its own tasks, with a generic error, and is replaced at once.
 *
 * Wire protocol: the worker posts `{ ready: true }` once it listens; the pool posts `{ id, task }`;
 * the worker answers `{ id, result }` or, when its task threw, `{ id, failed }` with the error's
 * kind only (a message could quote patient data).
 */
import { Worker, type ResourceLimits, type Transferable } from 'node:worker_threads';
import { z } from 'zod';

export class WorkerFailure extends Error {
  constructor(what: string) {
    super(what);
    this.name = 'WorkerFailure';
  }
}

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  started: boolean;
}

const replySchema = z.union([
  z.object({ ready: z.literal(true) }),
  z.object({ id: z.number(), result: z.unknown() }),
  z.object({ id: z.number(), failed: z.string() }),
]);

/** A worker that dies before it has started waits this long before it is tried again. */
const RESTART_DELAY_MS = 1000;

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private nextId = 0;
  private turn = 0;
  private closed = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly script: URL,
    size: number,
    /** Told when a worker died and was replaced (the reason's kind only). */
    private readonly onReplaced: (reason: string) => void = () => undefined,
    /** Heap limits of each worker: one that exceeds them is stopped and replaced. */
    private readonly options: { resourceLimits?: ResourceLimits } = {},
  ) {
    if (!Number.isInteger(size) || size < 1) throw new Error('A worker pool needs at least one worker.');
    for (let i = 0; i < size; i += 1) this.slots.push(this.spawn());
  }

  /** Workers in use (a crashed one is replaced at once; one that failed to start, after a pause). */
  get size(): number {
    return this.slots.length;
  }

  run(task: unknown, transfer: readonly Transferable[] = []): Promise<unknown> {
    if (this.closed) return Promise.reject(new WorkerFailure('the worker pool is closed'));
    const slot = this.leastBusy();
    if (!slot) return Promise.reject(new WorkerFailure('the worker pool has no worker running'));
    const id = (this.nextId += 1);
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, task }, [...transfer]);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const slots = this.slots.splice(0);
    await Promise.all(
      slots.map(async (slot) => {
        failAll(slot, 'the worker pool was closed');
        await slot.worker.terminate();
      }),
    );
  }

  /** The worker with the fewest tasks; ties taken in turn, so every worker stays warm (JIT). */
  private leastBusy(): Slot | undefined {
    const count = this.slots.length;
    if (count === 0) return undefined;
    this.turn = (this.turn + 1) % count;
    let best = this.slots[this.turn];
    for (let i = 1; i < count; i += 1) {
      const slot = this.slots[(this.turn + i) % count];
      if (slot && best && slot.pending.size < best.pending.size) best = slot;
    }
    return best;
  }

  private spawn(): Slot {
    const slot: Slot = {
      worker: new Worker(this.script, {
        execArgv: workerExecArgv(),
        ...(this.options.resourceLimits ? { resourceLimits: this.options.resourceLimits } : {}),
      }),
      pending: new Map(),
      started: false,
    };
    slot.worker.on('message', (message: unknown) => this.settle(slot, message));
    // An uncaught error ends the worker; 'exit' follows and replaces it.
    slot.worker.on('error', () => undefined);
    slot.worker.on('exit', (code) => this.replace(slot, `worker exited with code ${code}`));
    return slot;
  }

  private settle(slot: Slot, message: unknown): void {
    const reply = replySchema.safeParse(message);
    if (!reply.success) return;
    if ('ready' in reply.data) {
      slot.started = true;
      return;
    }
    const pending = slot.pending.get(reply.data.id);
    if (!pending) return;
    slot.pending.delete(reply.data.id);
    if ('failed' in reply.data) pending.reject(new WorkerFailure(`the task failed (${reply.data.failed})`));
    else pending.resolve(reply.data.result);
  }

  private replace(dead: Slot, reason: string): void {
    failAll(dead, 'the worker stopped while working on the task');
    const index = this.slots.indexOf(dead);
    if (this.closed || index < 0) return;
    this.onReplaced(reason);
    if (dead.started) {
      this.slots[index] = this.spawn();
      return;
    }
    // Dead before it was ready (a broken script): keep the slot out of use for a moment, never spin.
    this.slots.splice(index, 1);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) this.slots.push(this.spawn());
    }, RESTART_DELAY_MS);
    this.timers.add(timer);
  }
}

function failAll(slot: Slot, why: string): void {
  for (const pending of slot.pending.values()) pending.reject(new WorkerFailure(why));
  slot.pending.clear();
}

/** The process's Node options, without those only a `node -e` / stdin script may use. */
function workerExecArgv(): string[] {
  const argv: string[] = [];
  for (let i = 0; i < process.execArgv.length; i += 1) {
    const arg = process.execArgv[i] ?? '';
    if (arg === '--input-type') i += 1;
    else if (!arg.startsWith('--input-type=')) argv.push(arg);
  }
  return argv;
}
