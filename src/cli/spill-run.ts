/**
 * A `classify` run over spill partitions, for a cohort larger than the memory budget (external hash
 * partitioning): one pass writes the input lines, by patient, into partition files in a private temporary
 * folder (spill-writer.ts); each partition is then classified in turn, with the usual worker threads, into
 * a results file sorted by patient id; the results files are merged by patient id (merge.ts) and the
 * partitions' input reports merged, so output, messages and exit code are those of a run in memory.
 * Memory is one partition's cohort at a time; the temporary folder is removed however the run ends.
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import { join } from 'node:path';
import type { ClassifyOptions } from './args.js';
import { assessCohort } from './assess-cohort.js';
import { Cohort } from './cohort.js';
import type { InputFile } from './input-files.js';
import { InputReport, type ReportSnapshot } from './input-report.js';
import { mergeOutputs } from './merge.js';
import { BufferedOutput, formatHeader } from './output.js';
import { classifyInParallel, WorkerPool } from './parallel.js';
import { inShard, spillShard, type Shard } from './partition.js';
import type { Progress } from './progress.js';
import {
  finishFile,
  readInputFile,
  readNdjsonLine,
  reportLongLine,
  type ReadContext,
} from './read-inputs.js';
import type { SiteSettings } from './site-config.js';
import { canSpillOnWorker, workerThreadHelper } from './spill-halves.js';
import { readSpillRecords, RECORD, type SpillPath } from './spill-records.js';
import { bucketRanges } from './spill-plan.js';
import { spillInput } from './spill-writer.js';
import type { LineSource } from './line-source.js';
import { TempDir } from './temp-dir.js';

export interface SpillRun {
  files: readonly InputFile[];
  /** Where a file's lines come from when not from the file on disk (a download being streamed). */
  lineSources?: ReadonlyMap<InputFile, LineSource>;
  options: ClassifyOptions;
  settings: SiteSettings;
  /** The run's report: the partitions' reports are merged into it. */
  report: InputReport;
  progress: Progress;
  output: BufferedOutput;
  /** The partitions planned from the input's size before reading it; undefined when it is unknown. */
  spillPartitions: number | undefined;
  /** The load (spill-plan.ts) of the input as read: its bytes and how many patients it holds. */
  loadFor: (inputBytes: number, patients: number) => number;
  /** Worker threads per spill partition (1: the partition is read on this thread). */
  workers: number;
  /** Decides, once the input is read, whether anything was readable (else no output at all). */
  readable: (report: InputReport) => boolean;
}

/** Undefined when nothing was readable; else the messages of patients that could not be assessed. */
export async function classifyOverSpill(run: SpillRun): Promise<string[] | undefined> {
  const temp = await TempDir.create('aih-navigator-classify-');
  const pool = new WorkerPool();
  try {
    run.progress.update(() => 'partitioning the input on disk');
    const inputs = run.files.map((file) => ({ file, lines: run.lineSources?.get(file) }));
    const buckets = bucketsFor(run.spillPartitions);
    // With workers, a second thread spills the second half of each large file (spill-halves.ts).
    const helper = run.workers > 1 && canSpillOnWorker() ? workerThreadHelper : undefined;
    const spilled = await spillInput(inputs, temp.path, buckets, run.options.shard, { helper });
    const ranges = bucketRanges(run.loadFor(spilled.bytes, spilled.patients), buckets);
    const count = ranges.length;
    const snapshots: ReportSnapshot[] = [];
    const failures: string[] = [];
    const resultPaths: string[] = [];
    const removals: Promise<PromiseSettledResult<void>[]>[] = [];
    for (const [index, { first, span }] of ranges.entries()) {
      const resultPath = join(temp.path, `results-${index}`);
      const own = spilled.buckets.slice(first, first + span).flat();
      const paths = [...own, ...spilled.common];
      const shard = spillShard(first, span, buckets, run.options.shard);
      const partition = await classifyPartition(run, { index, count, shard }, paths, resultPath, pool);
      snapshots.push(...partition.snapshots);
      failures.push(...partition.failures);
      resultPaths.push(resultPath);
      // Disk as well as memory: each partition's input goes once it is read, removed while the next
      // partition starts (some 0.3 s each on the 200,000-patient export).
      removals.push(Promise.allSettled(own.map(({ path }) => rm(path, { force: true }))));
    }
    const notRemoved = (await Promise.all(removals)).flat().find((result) => result.status === 'rejected');
    if (notRemoved?.status === 'rejected') throw notRemoved.reason;
    run.report.absorb(
      snapshots,
      run.files.map((file) => file.path),
    );
    if (!run.readable(run.report)) return undefined;
    await mergeOutputs(resultPaths, run.output);
    return failures;
  } finally {
    await pool.close();
    await temp.remove();
  }
}

interface PartitionOutcome {
  snapshots: ReportSnapshot[];
  failures: string[];
}

/**
 * The input is spilled into buckets (equal ranges of the mixed patient hash, as shards are), and the
 * partitions, chosen once the input has been read (its size and its patients: the memory a cohort needs
 * depends on both), are runs of them (spill-plan.ts). At least {@link BUCKETS_PER_PARTITION} per planned
 * partition, so the partitions come near the load, and at least 64 (an input of unknown size: up to about
 * 64 partitions' worth, some 20 GB at the default budget, stays within the budget).
 */
const MIN_BUCKETS = 64;
const MAX_BUCKETS = 512;
const BUCKETS_PER_PARTITION = 16;

/** Buckets for `planned` partitions: a power of two from {@link MIN_BUCKETS} to {@link MAX_BUCKETS}. */
function bucketsFor(planned: number | undefined): number {
  let count = MIN_BUCKETS;
  while (count < (planned ?? 1) * BUCKETS_PER_PARTITION && count < MAX_BUCKETS) count *= 2;
  return count;
}

async function classifyPartition(
  run: SpillRun,
  { index, count, shard }: { index: number; count: number; shard: Shard },
  spillPaths: readonly SpillPath[],
  resultPath: string,
  pool: WorkerPool,
): Promise<PartitionOutcome> {
  const stream = createWriteStream(resultPath, { flags: 'wx', mode: 0o600 });
  const output = new BufferedOutput(stream);
  const options = { ...run.options, shard };
  const primary = index === 0;
  run.progress.update(() => `classifying partition ${index + 1} of ${count}`);
  let outcome: PartitionOutcome;
  if (run.workers > 1) {
    const snapshots: ReportSnapshot[] = [];
    const failures = await classifyInParallel({
      files: run.files,
      options,
      settings: run.settings,
      partitions: run.workers,
      progress: run.progress,
      output,
      spill: { paths: spillPaths, primary },
      pool,
      onRead: async (reports) => {
        snapshots.push(...reports);
        await output.write(formatHeader(options.format));
        return true;
      },
    });
    outcome = { snapshots, failures };
  } else {
    outcome = await classifyPartitionOnOneThread(run, options, spillPaths, primary, output);
  }
  await output.flush();
  stream.end();
  await finished(stream);
  if (output.closed) throw new Error(`cannot write the temporary file ${resultPath}`);
  return outcome;
}

async function classifyPartitionOnOneThread(
  run: SpillRun,
  options: ClassifyOptions,
  spillPaths: readonly SpillPath[],
  primary: boolean,
  output: BufferedOutput,
): Promise<PartitionOutcome> {
  const report = new InputReport({ write: () => true }, true);
  const cohort = new Cohort(run.settings.siteCodes, (patientId) => inShard(patientId, options.shard));
  const context: ReadContext = { cohort, report, partition: { index: 0, count: 1, primary } };
  await readSpillRecords(spillPaths, (record) => {
    const file = run.files[record.file];
    if (file === undefined) throw new Error(`no input file ${record.file}`);
    const { kind, bytes, start, end, line } = record;
    if (kind === RECORD.namedLine || kind === RECORD.unnamedLine) {
      const text = bytes.toString('utf8', start, end);
      readNdjsonLine(file.path, text, line, context, kind === RECORD.namedLine);
    } else if (kind === RECORD.longLine) {
      reportLongLine(file.path, line, context);
    } else if (kind === RECORD.bundleFile) {
      return readInputFile(file, context);
    } else {
      finishFile(file.path, context, end > start ? bytes.toString('utf8', start, end) : undefined);
    }
    return undefined;
  });
  const failures = await assessCohort(cohort, options, run.settings.site, output, run.progress);
  return { snapshots: [report.snapshot()], failures };
}
