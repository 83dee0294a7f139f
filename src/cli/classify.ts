/**
 * `aih-navigator classify`: reads Bundles, NDJSON files and Bulk Data export folders, maps every patient's
 * resources to a compact record as they stream past, then assesses each patient (sorted by id) and writes
 * one result per patient. Large inputs are split by patient over worker threads (parallel.ts) with the same
 * output. Reading problems are reported and reflected in the exit code, never hidden.
 */
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import type { Writable } from 'node:stream';
import { assess } from '../core/assess.js';
import type { SiteConfig } from '../core/types.js';
import { localCalendarDate } from '../core/dates.js';
import { parseClassifyArgs, type ClassifyOptions } from './args.js';
import { Cohort } from './cohort.js';
import { limitHeapGrowth } from './heap.js';
import { EXIT, HELP_TEXT, type ExitCode } from './help.js';
import { listInputFiles, type InputFile } from './input-files.js';
import { InputReport } from './input-report.js';
import { BufferedOutput, formatAssessment, formatHeader } from './output.js';
import { canRunInParallel, classifyInParallel } from './parallel.js';
import { inShard } from './partition.js';
import { Progress, type TerminalStream } from './progress.js';
import { readInputFile } from './read-inputs.js';
import { loadSiteConfig, type SiteSettings } from './site-config.js';

export interface CliIo {
  stdout: Writable;
  stderr: TerminalStream;
  /** The clock, read once: the default `--as-of` is today's local date. */
  now: () => Date;
}

/** Below this much input one thread is quicker than starting workers. */
const PARALLEL_FROM_BYTES = 64 * 1024 * 1024;
const MAX_AUTOMATIC_JOBS = 4;

export async function classifyCommand(argv: readonly string[], io: CliIo): Promise<ExitCode> {
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
  const inputs = await listInputFiles(parsed.options.paths);
  for (const problem of inputs.problems) report.unreadable(problem);
  const output = new BufferedOutput(io.stdout);
  const run: Run = {
    files: inputs.files,
    options: parsed.options,
    settings: siteConfig.settings,
    report,
    progress,
    output,
  };
  const partitions = await partitionsFor(parsed.options.jobs, inputs.files);
  // One thread holds the whole cohort in one heap; split over workers, each heap holds a share.
  if (partitions === 1) limitHeapGrowth();
  const failures = partitions > 1 ? await runInParallel(run, partitions) : await runOnOneThread(run);
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
}

function usageError(io: CliIo, message: string): ExitCode {
  io.stderr.write(`aih-navigator classify: ${message}\nTry 'aih-navigator --help'.\n`);
  return EXIT.usage;
}

function nothingReadable(report: InputReport): boolean {
  return report.filesRead === 0 || (report.resources === 0 && report.hasInvalidInput);
}

async function partitionsFor(jobs: number | undefined, files: readonly InputFile[]): Promise<number> {
  if (!canRunInParallel()) return 1;
  if (jobs !== undefined) return jobs;
  let bytes = 0;
  for (const file of files)
    bytes += await stat(file.path).then(
      (info) => info.size,
      () => 0,
    );
  return bytes < PARALLEL_FROM_BYTES ? 1 : Math.min(availableParallelism(), MAX_AUTOMATIC_JOBS);
}

/** Undefined when nothing was readable; else the messages of patients that could not be assessed. */
async function runInParallel(run: Run, partitions: number): Promise<string[] | undefined> {
  let readable = true;
  const failures = await classifyInParallel({
    ...run,
    partitions,
    onRead: async () => {
      readable = !nothingReadable(run.report);
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
    await readInputFile(file, { cohort, report, onProgress });
  }
  if (nothingReadable(report)) return undefined;
  return assessAll(cohort, run.options, run.settings.site, run);
}

/** Assesses and writes every patient in id order; returns the messages of those that could not be assessed. */
async function assessAll(
  cohort: Cohort,
  options: ClassifyOptions,
  site: Partial<SiteConfig>,
  run: Run,
): Promise<string[]> {
  const { output, progress } = run;
  await output.write(formatHeader(options.format));
  const patientIds = cohort.sortedPatientIds();
  const failures: string[] = [];
  for (const [index, patientId] of patientIds.entries()) {
    const record = cohort.takeRecord(patientId);
    if (record === undefined) continue;
    try {
      const assessment = assess(record, { asOf: options.asOf, site });
      await output.write(formatAssessment(assessment, options.format));
    } catch (error) {
      // The message, not the patient id: stderr may end up in logs.
      failures.push(error instanceof Error ? error.message : String(error));
    }
    if (output.closed) break;
    if (index % 256 === 0) progress.update(() => `assessing: ${index + 1} of ${patientIds.length} patients`);
  }
  return failures;
}
