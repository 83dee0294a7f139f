/**
 * The second thread of a spill pass: it spills the second halves of the large input files
 * (spill-writer.ts) into spill files of its own while the main thread spills the rest. In a worker thread
 * (spill-worker.ts) for a built command; on the same thread for tests from the TypeScript sources, which
 * then exercise the same splitting and joining.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { readByteLines } from './byte-lines.js';
import { SourceFailure, type LineSource } from './line-source.js';
import { SpillFailure, SpillFiles, spillLines, type SpillCounts } from './spill-writer.js';
import { shardSchema } from './worker-protocol.js';

export const halvesJobSchema = z.object({
  dir: z.string(),
  /** Added to the spill files' names: this thread's files beside the main thread's. */
  tag: z.string(),
  buckets: z.number().int().positive(),
  bufferBytes: z.number().int().positive(),
  shard: shardSchema.optional(),
  /** Each input file's second half: from byte `start` (after a line end) to the end of the file. */
  tasks: z.array(
    z.object({
      file: z.number().int().nonnegative(),
      path: z.string(),
      start: z.number().int().nonnegative(),
    }),
  ),
});
export type HalvesJob = z.infer<typeof halvesJobSchema>;

const halvesResultSchema = z.object({
  /** Per task: its lines, numbered from 1 within the half, and why reading stopped early if it did. */
  results: z.array(
    z.object({ file: z.number().int(), lines: z.number().int(), error: z.string().optional() }),
  ),
  bytes: z.number(),
  patients: z.number(),
});
export type HalvesResult = z.infer<typeof halvesResultSchema>;

const fromSpillWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('done'), result: halvesResultSchema }),
  z.object({ type: z.literal('failed'), message: z.string(), spillFailure: z.boolean() }),
]);
export type FromSpillWorker = z.infer<typeof fromSpillWorkerSchema>;

/** A second thread spilling a job's halves; `stop` ends it early (the run failed) and waits for it. */
export type SpillHelper = (job: HalvesJob) => { result: Promise<HalvesResult>; stop: () => Promise<void> };

/** Spills `job`'s halves; closes its files however it ends. */
export async function spillHalves(job: HalvesJob, stopped: () => boolean): Promise<HalvesResult> {
  const files = await SpillFiles.open(job.dir, job.tag, job.buckets, job.bufferBytes);
  const counts: SpillCounts = { bytes: 0, patients: 0 };
  const results: HalvesResult['results'] = [];
  let failure: unknown;
  try {
    for (const { file, path, start } of job.tasks) {
      const source: LineSource = (onLine, options) =>
        readByteLines(
          path,
          onLine,
          {
            ...options,
            afterChunk: () => {
              // A failure that stops the pass, not a file that cannot be read (spillLines).
              if (stopped()) throw new SourceFailure('stopped');
              return options.afterChunk?.();
            },
          },
          { start },
        );
      results.push({ file, ...(await spillLines(source, file, files, counts, job.shard, job.dir)) });
    }
  } catch (error) {
    failure = error;
  }
  try {
    await files.close();
  } catch (error) {
    failure ??= error;
  }
  if (failure !== undefined) throw failure;
  return { results, ...counts };
}

/** The halves spilled on this thread, side by side with the main pass (tests from the sources). */
export const sameThreadHelper: SpillHelper = (job) => {
  let stop = false;
  const result = spillHalves(job, () => stop);
  result.catch(() => undefined);
  return {
    result,
    stop: async () => {
      stop = true;
      await result.catch(() => undefined);
    },
  };
};

const SPILL_WORKER_URL = new URL('./spill-worker.js', import.meta.url);

/** Worker threads run the compiled JavaScript: from the TypeScript sources there is none. */
export function canSpillOnWorker(): boolean {
  return existsSync(fileURLToPath(SPILL_WORKER_URL));
}

/** The halves spilled on a worker thread. */
export const workerThreadHelper: SpillHelper = (job) => {
  const worker = new Worker(SPILL_WORKER_URL, { workerData: job });
  const result = new Promise<HalvesResult>((resolve, reject) => {
    worker.once('message', (raw: unknown) => {
      const message = fromSpillWorkerSchema.safeParse(raw);
      if (!message.success) reject(new Error('the spill thread sent an unexpected message'));
      else if (message.data.type === 'done') resolve(message.data.result);
      else if (message.data.spillFailure) reject(new SpillFailure(message.data.message));
      else reject(new Error(message.data.message));
    });
    worker.once('error', reject);
    // After a message this changes nothing; without one, the thread died.
    worker.once('exit', (code) => reject(new Error(`the spill thread ended (exit code ${code})`)));
  });
  result.catch(() => undefined);
  return {
    result,
    stop: async () => {
      worker.postMessage('stop');
      await result.catch(() => undefined);
    },
  };
};
