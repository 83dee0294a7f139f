/**
 * A parallel `classify` run: one worker thread per partition of the patients (see partition.ts). The main
 * thread reads the input once and routes its lines to the partitions (line-router.ts), then merges their
 * reports and their results, which each worker sends in patient-id order, into one output in patient-id
 * order: the same output as a single-threaded run.
 */
import { existsSync } from 'node:fs';
import { totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ClassifyOptions } from './args.js';
import type { InputFile } from './input-files.js';
import type { ReportSnapshot } from './input-report.js';
import type { BufferedOutput } from './output.js';
import type { Progress } from './progress.js';
import type { SiteSettings } from './site-config.js';
import { Channel } from './channel.js';
import { LineRouter } from './line-router.js';
import type { LineSource } from './line-source.js';
import type { SpillPath } from './spill-records.js';
import { fromWorkerSchema, type FromWorker, type ToWorker, type WorkerInput } from './worker-protocol.js';

const WORKER_URL = new URL('./classify-worker.js', import.meta.url);

/**
 * Each partition's heap limit: room for its share of the largest cohort, but three quarters of the
 * machine's memory over all partitions, so a hostile input stops one worker (an internal error, exit 70)
 * instead of growing until the machine swaps or the kernel kills the run.
 */
export function partitionHeapLimitMb(partitions: number, totalMemoryBytes = totalmem()): number {
  return Math.max(1024, Math.floor((totalMemoryBytes * 0.75) / partitions / (1024 * 1024)));
}

/**
 * Each partition's young generation: V8's default for 64-bit (semi-spaces of 16 MB). Larger ones (192 MB)
 * once saved 15–20 % of CPU, when every lab result kept copies of its dates, units and reference ranges
 * and so much more of what a partition allocated survived; with those shared (fhir/map/shared-values.ts)
 * 192, 96, 64 and 48 MB cost the same CPU within noise on the 20,000-patient export (one run each, load
 * average 8), and 48 MB kept the run in memory within the default budget: 470 MB peak against 690 MB.
 * The same in a spill run, whose workers stay from one partition to the next (see {@link WorkerPool}): a
 * young generation once grown stays committed.
 */
export const PARTITION_YOUNG_GENERATION_MB = 48;

/** Workers run the compiled JavaScript; from TypeScript sources (tests) the run stays on one thread. */
export function canRunInParallel(): boolean {
  return existsSync(fileURLToPath(WORKER_URL));
}

export interface ParallelRun {
  files: readonly InputFile[];
  options: ClassifyOptions;
  settings: SiteSettings;
  partitions: number;
  progress: Progress;
  /**
   * Called once every partition has read its input, with their reports (to be merged in input-report.ts);
   * false stops the run (nothing readable).
   */
  onRead: (reports: ReportSnapshot[]) => Promise<boolean>;
  output: BufferedOutput;
  /**
   * Read a spill partition's records (spill-run.ts) instead of the files; `primary`: this spill partition
   * answers for what belongs to no patient.
   */
  spill?: { paths: readonly SpillPath[]; primary: boolean };
  /** Where a file's lines come from when not from the file on disk (a download being streamed). */
  lineSources?: ReadonlyMap<InputFile, LineSource>;
  /** Workers to take over from the last spill partition, and to leave for the next. */
  pool?: WorkerPool;
}

type ResultsMessage = Extract<FromWorker, { type: 'results' }>;

interface Lane {
  worker: Worker;
  batches: ResultsMessage[];
  /** Position in the first batch. */
  next: number;
  done: boolean;
}

/**
 * Worker threads kept from one spill partition to the next (spill-run.ts): a fresh worker loads its
 * modules and compiles its code again, and runs cold for a good part of a partition. Workers that failed,
 * or whose run stopped before every worker was done, are not kept.
 */
export class WorkerPool {
  private workers: Worker[] = [];
  private failed = false;

  /** The kept workers, when there are `count` of them and none failed; the pool lets go of them. */
  take(count: number): Worker[] | undefined {
    const workers = this.workers;
    this.workers = [];
    if (workers.length === count && !this.failed) return workers;
    void Promise.all(workers.map((worker) => worker.terminate()));
    this.failed = false;
    return undefined;
  }

  keep(workers: Worker[]): void {
    for (const worker of workers) {
      worker.on('error', () => (this.failed = true));
      worker.on('exit', () => (this.failed = true));
    }
    this.workers = workers;
  }

  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/** Runs the partitions; returns the messages of patients that could not be assessed. */
export async function classifyInParallel(run: ParallelRun): Promise<string[]> {
  const messages = new Channel<{ lane: number; message: FromWorker | Error }>();
  const router = new LineRouter(
    Array.from({ length: run.partitions }, (_, index) => ({
      post: (message, transfer) => lanes[index]?.worker.postMessage(message, transfer),
    })),
    run.options.shard,
  );
  const kept = run.pool?.take(run.partitions);
  const lanes: Lane[] = Array.from({ length: run.partitions }, (_, index) => {
    const primary = run.spill ? { primary: run.spill.primary && index === 0 } : {};
    const shard = run.options.shard ? { shard: run.options.shard } : {};
    const worker = kept?.[index] ?? startWorker(run, index, primary, shard);
    if (kept !== undefined)
      worker.postMessage({ type: 'next-partition', ...primary, ...shard } satisfies ToWorker);
    worker.on('message', (raw: unknown) => {
      const parsed = fromWorkerSchema.safeParse(raw);
      if (parsed.success && parsed.data.type === 'lines-read')
        return router.batchRead(index, parsed.data.memory);
      messages.push({
        lane: index,
        message: parsed.success ? parsed.data : new Error('unexpected worker message'),
      });
    });
    worker.on('error', (error) => messages.push({ lane: index, message: error }));
    worker.on('exit', (code) => {
      if (code !== 0) messages.push({ lane: index, message: new Error(`worker stopped with code ${code}`) });
    });
    return { worker, batches: [], next: 0, done: false };
  });
  // Reading runs beside the merge loop, which takes the partitions' progress, reports and results.
  (run.spill ? router.routeSpill(run.spill.paths) : router.routeAll(run.files, run.lineSources)).catch(
    (error: unknown) =>
      messages.push({ lane: 0, message: error instanceof Error ? error : new Error(String(error)) }),
  );
  try {
    return await mergeLanes(run, lanes, messages);
  } finally {
    router.stop();
    const workers = lanes.map((lane) => lane.worker);
    if (run.pool !== undefined && lanes.every((lane) => lane.done)) {
      for (const event of ['message', 'error', 'exit']) workers.forEach((w) => w.removeAllListeners(event));
      run.pool.keep(workers);
    } else await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

function startWorker(
  run: ParallelRun,
  index: number,
  primary: { primary?: boolean },
  shard: { shard?: WorkerInput['shard'] },
): Worker {
  const workerData: WorkerInput = {
    files: [...run.files],
    partition: { index, count: run.partitions, ...primary },
    asOf: run.options.asOf,
    format: run.options.format,
    siteCodes: { ...run.settings.siteCodes },
    site: run.settings.site,
    ...shard,
  };
  return new Worker(WORKER_URL, {
    workerData,
    resourceLimits: {
      maxOldGenerationSizeMb: partitionHeapLimitMb(run.partitions),
      maxYoungGenerationSizeMb: PARTITION_YOUNG_GENERATION_MB,
    },
  });
}

async function mergeLanes(
  run: ParallelRun,
  lanes: Lane[],
  messages: Channel<{ lane: number; message: FromWorker | Error }>,
): Promise<string[]> {
  const snapshots: ReportSnapshot[] = [];
  const progress = lanes.map(() => ({ resources: 0, patients: 0 }));
  const failures: string[] = [];
  let reading = true;
  let written = 0;
  while (lanes.some((lane) => !lane.done)) {
    const { lane: index, message } = await messages.next();
    const lane = lanes[index];
    if (lane === undefined) continue;
    if (message instanceof Error) throw message;
    if (message.type === 'progress') {
      progress[index] = message;
      const resources = progress.reduce((sum, p) => sum + p.resources, 0);
      const patients = progress.reduce((sum, p) => sum + p.patients, 0);
      run.progress.update(() => `reading: ${resources} resources, ${patients} patients`);
    } else if (message.type === 'read') {
      snapshots.push(message.report);
      if (snapshots.length === lanes.length) {
        reading = false;
        if (!(await run.onRead(snapshots))) return failures;
      }
    } else if (message.type === 'results') {
      lane.batches.push(message);
    } else if (message.type === 'done') {
      failures.push(...message.failures);
      lane.done = true;
    }
    if (!reading) {
      written += await writeInOrder(lanes, run.output);
      if (run.output.closed) return failures; // the reader went away: stop the workers
      run.progress.update(() => `assessing: ${written} patients written`);
    }
  }
  return failures;
}

/**
 * Writes results while every unfinished lane has one waiting: the smallest patient id goes first.
 * Returns how many were written.
 */
async function writeInOrder(lanes: Lane[], output: BufferedOutput): Promise<number> {
  for (let written = 0; ; written += 1) {
    if (lanes.some((lane) => !lane.done && lane.batches.length === 0)) return written;
    let first: Lane | undefined;
    let firstId: string | undefined;
    for (const lane of lanes) {
      const head = lane.batches[0]?.patientIds[lane.next];
      if (head !== undefined && (firstId === undefined || head < firstId)) {
        first = lane;
        firstId = head;
      }
    }
    const batch = first?.batches[0];
    if (first === undefined || batch === undefined) return written;
    const start = first.next === 0 ? 0 : (batch.ends[first.next - 1] ?? 0);
    await output.write(batch.text.subarray(start, batch.ends[first.next]));
    first.next += 1;
    if (first.next >= batch.patientIds.length) {
      first.batches.shift();
      first.next = 0;
      first.worker.postMessage({ type: 'results-written' } satisfies ToWorker);
    }
  }
}
