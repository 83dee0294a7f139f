/**
 * `aih-navigator classify`: reads Bundles, NDJSON files and Bulk Data export folders, maps every patient's
 * resources to a compact record as they stream past, then assesses each patient (sorted by id) and writes
 * one result per patient. Large inputs are split by patient over worker threads (parallel.ts), and a cohort
 * over the memory budget is partitioned by patient on disk and classified one partition at a time
 * (spill-run.ts), each with the same output. Reading problems are reported and reflected in the exit code,
 * never hidden.
 */
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { Writable } from 'node:stream';
import { localCalendarDate } from '../core/dates.js';
import { parseClassifyArgs, type ClassifyOptions } from './args.js';
import { Cohort } from './cohort.js';
import { limitHeapGrowth } from './heap.js';
import { EXIT, HELP_TEXT, type ExitCode } from './help.js';
import { listInputFiles, type InputFile } from './input-files.js';
import { InputReport } from './input-report.js';
import { assessCohort } from './assess-cohort.js';
import { BufferedOutput, formatHeader } from './output.js';
import { canRunInParallel, classifyInParallel } from './parallel.js';
import { inShard } from './partition.js';
import { Progress, type TerminalStream } from './progress.js';
import { readInputFile } from './read-inputs.js';
import { loadSiteConfig, type SiteSettings } from './site-config.js';
import type { LineSource } from './line-source.js';
import { countPatientLines } from './patient-count.js';
import { DEFAULT_MEMORY_BUDGET_MB, planSpill, spillLoad, UNKNOWN_INPUT_BYTES } from './spill-plan.js';
import { classifyOverSpill } from './spill-run.js';

export interface CliIo {
  stdout: Writable;
  stderr: TerminalStream;
  /** The clock, read once: the default `--as-of` is today's local date. */
  now: () => Date;
}

/** Below this much input one thread is quicker than starting workers. */
const PARALLEL_FROM_BYTES = 64 * 1024 * 1024;
const MAX_AUTOMATIC_JOBS = 4;

/** Files whose lines arrive as a stream (a Bulk Data export being downloaded), instead of PATHs. */
export interface StreamedInput {
  /** In reading order (input-files.ts). */
  files: InputFile[];
  sources: ReadonlyMap<InputFile, LineSource>;
  /** The size the files are expected to have, when known. */
  bytes: number | undefined;
  /** The patients the files are expected to hold (a Bulk Data manifest's count of Patient resources). */
  patients?: number;
}

/** @param streamed the input, instead of the PATH arguments (which are then not read). */
export async function classifyCommand(
  argv: readonly string[],
  io: CliIo,
  streamed?: StreamedInput,
): Promise<ExitCode> {
  const parsed = parseClassifyArgs(argv, localCalendarDate(io.now()));
  if (parsed.kind === 'help') {
    io.stdout.write(HELP_TEXT);
    return EXIT.ok;
  }
  if (parsed.kind === 'usage-error') return usageError(io, parsed.message);
  const siteConfig = await loadSiteConfig(parsed.options.siteConfigPath);
  if (!siteConfig.ok) return usageError(io, siteConfig.message);

  const progress = new Progress(io.stderr);
  const report = new InputReport(progress.messages);
  const inputs = streamed
    ? { files: streamed.files, problems: [] }
    : await listInputFiles(parsed.options.paths);
  for (const problem of inputs.problems) report.unreadable(problem);
  const output = new BufferedOutput(io.stdout);
  const run: Run = {
    files: inputs.files,
    options: parsed.options,
    settings: siteConfig.settings,
    report,
    progress,
    output,
    ...(streamed ? { lineSources: streamed.sources } : {}),
  };
  const inputBytes = streamed ? streamed.bytes : await sizeOf(inputs.files);
  const workers = workersFor(parsed.options.jobs, inputBytes ?? UNKNOWN_INPUT_BYTES);
  const budgetMb = parsed.options.memoryBudgetMb ?? DEFAULT_MEMORY_BUDGET_MB;
  const patients = streamed ? streamed.patients : await countPatientLines(inputs.files);
  const plan = planSpill(inputBytes, budgetMb, workers, parsed.options.jobs !== undefined, patients);
  // One thread holds the whole cohort in one heap; split over workers, each heap holds a share.
  if (plan.workers === 1) limitHeapGrowth();
  let failures: string[] | undefined;
  if (plan.partitions > 1)
    failures = await classifyOverSpill({
      ...run,
      spillPartitions: inputBytes === undefined ? undefined : plan.partitions,
      loadFor: (bytes, patients) => spillLoad(bytes, budgetMb, plan.workers, true, patients).load,
      workers: plan.workers,
      readable: isReadable,
    });
  else failures = workers > 1 ? await runInParallel(run, workers) : await runOnOneThread(run);
  await output.flush();
  progress.clear();
  if (failures === undefined) {
    io.stderr.write('aih-navigator classify: no readable input\n');
    return EXIT.noInput;
  }
  report.writeClosingNotes();
  for (const failure of failures.slice(0, 20))
    io.stderr.write(`internal error assessing a patient: ${failure}\n`);
  if (failures.length > 0) return EXIT.internal;
  return report.hasInvalidInput ? EXIT.invalidInput : EXIT.ok;
}

interface Run {
  files: InputFile[];
  options: ClassifyOptions;
  settings: SiteSettings;
  report: InputReport;
  progress: Progress;
  output: BufferedOutput;
  lineSources?: ReadonlyMap<InputFile, LineSource>;
}

function usageError(io: CliIo, message: string): ExitCode {
  io.stderr.write(`aih-navigator classify: ${message}\nTry 'aih-navigator --help'.\n`);
  return EXIT.usage;
}

function isReadable(report: InputReport): boolean {
  return report.filesRead > 0 && !(report.resources === 0 && report.hasInvalidInput);
}

/** The input's size on disk (what cannot be read counts as nothing). */
async function sizeOf(files: readonly InputFile[]): Promise<number> {
  let bytes = 0;
  for (const file of files)
    bytes += await stat(file.path).then(
      (info) => info.size,
      () => 0,
    );
  return bytes;
}

/** Worker threads: 1 means the run stays on this thread. */
function workersFor(jobs: number | undefined, inputBytes: number): number {
  if (!canRunInParallel()) return 1;
  if (jobs !== undefined) return jobs;
  return inputBytes < PARALLEL_FROM_BYTES ? 1 : Math.min(availableParallelism(), MAX_AUTOMATIC_JOBS);
}

/** Undefined when nothing was readable; else the messages of patients that could not be assessed. */
async function runInParallel(run: Run, partitions: number): Promise<string[] | undefined> {
  let readable = true;
  const failures = await classifyInParallel({
    ...run,
    partitions,
    onRead: async (reports) => {
      run.report.absorb(
        reports,
        run.files.map((file) => file.path),
      );
      readable = isReadable(run.report);
      if (readable) await run.output.write(formatHeader(run.options.format));
      return readable;
    },
  });
  return readable ? failures : undefined;
}

async function runOnOneThread(run: Run): Promise<string[] | undefined> {
  const { report, progress } = run;
  const shard = run.options.shard;
  const cohort = new Cohort(run.settings.siteCodes, (patientId) => inShard(patientId, shard));
  for (const file of run.files) {
    const onProgress = (): void =>
      progress.update(
        () => `reading ${file.path}: ${report.resources} resources, ${cohort.patientCount} patients`,
      );
    await readInputFile(file, { cohort, report, onProgress }, run.lineSources?.get(file));
  }
  if (!isReadable(report)) return undefined;
  return assessCohort(cohort, run.options, run.settings.site, run.output, progress);
}
