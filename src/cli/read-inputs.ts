/**
 * Reads every input file into the cohort: NDJSON line by line (streamed), Bundle files whole. Invalid lines
 * are skipped and reported as `file:line: reason`; the rest of the file is still read.
 */
import { readFile } from 'node:fs/promises';
import { addBundle, isBundle } from './bundle-input.js';
import { isReadType, type Cohort } from './cohort.js';
import type { Partition } from './partition.js';
import { describeFsError, type InputFile } from './input-files.js';
import type { InputReport } from './input-report.js';
import { MAX_LINE_BYTES } from './byte-lines.js';
import { fileLines, SourceFailure, type LineSource } from './line-source.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../fhir/json-depth.js';

export interface ReadContext {
  cohort: Cohort;
  report: InputReport;
  /** Set in a parallel run: this thread's share of the patients. */
  partition?: Partition;
  /** Called now and then while reading (progress display). */
  onProgress?: () => void;
}

/** In a parallel run, problems that belong to no patient are reported by one partition alone. */
export function isPrimary(context: ReadContext): boolean {
  const partition = context.partition;
  return partition === undefined || (partition.primary ?? partition.index === 0);
}

/** @param lines where an NDJSON file's lines come from, when not from the file on disk (a download). */
export async function readInputFile(
  file: InputFile,
  context: ReadContext,
  lines?: LineSource,
): Promise<void> {
  try {
    const read =
      file.kind === 'ndjson'
        ? await readNdjsonFile(file.path, context, lines ?? fileLines(file.path))
        : await readBundleFile(file.path, context);
    if (read) finishFile(file.path, context);
  } catch (error) {
    if (error instanceof PartitionMismatch || error instanceof SourceFailure) throw error;
    finishFile(file.path, context, describeFsError(error));
  }
}

const PROGRESS_EVERY = 4096;
const TOO_DEEP = `JSON nested deeper than ${MAX_JSON_DEPTH} levels; skipped`;

/**
 * Read as bytes and decoded line by line, as the partitions of a parallel run get their lines, so a run on
 * one thread and a parallel run see the same lines, skip the same long lines and say the same things.
 */
async function readNdjsonFile(path: string, context: ReadContext, lines: LineSource): Promise<boolean> {
  await lines(
    (bytes, start, end, lineNumber) => {
      if (lineNumber % PROGRESS_EVERY === 0) context.onProgress?.();
      readNdjsonLine(path, bytes.toString('utf8', start, end), lineNumber, context, false);
    },
    { onLongLine: (lineNumber) => reportLongLine(path, lineNumber, context) },
  );
  return true;
}

/** A line over the length limit, skipped unread (byte-lines.ts). */
export function reportLongLine(path: string, lineNumber: number, context: ReadContext): void {
  if (!isPrimary(context)) return;
  const reason = `line longer than ${MAX_LINE_BYTES / (1024 * 1024)} MiB; skipped`;
  context.report.invalid(path, `${path}:${lineNumber}`, reason, lineNumber);
}

/**
 * Reads one NDJSON line into the cohort. `namedHere`: in a parallel run, the main thread routed the line to
 * this partition alone because its text names one of this partition's patients (partition.ts); such a line
 * is answered for here. A line whose patient the text does not tell reaches every partition: each keeps it
 * only for its own patients, and the first partition answers for what belongs to none.
 */
export function readNdjsonLine(
  path: string,
  line: string,
  lineNumber: number,
  context: ReadContext,
  namedHere: boolean,
): void {
  if (isBlank(line)) return;
  const { cohort, report } = context;
  const answers = namedHere || isPrimary(context);
  const skipped = unreadTypeOf(line);
  if (skipped !== undefined) {
    if (answers) countIgnored(report, skipped);
    return;
  }
  const where = `${path}:${lineNumber}`;
  // Before parsing: a deeply nested line would be parsed into a huge tree and then blow the stack.
  if (nestsDeeperThan(line)) {
    if (answers) report.invalid(path, where, TOO_DEEP, lineNumber);
    return;
  }
  let resource: unknown;
  try {
    resource = JSON.parse(line);
  } catch (error) {
    if (answers) report.invalid(path, where, describeJsonError(error), lineNumber);
    return;
  }
  if (isBundle(resource)) {
    addBundle(resource, path, where, context, answers);
    return;
  }
  const outcome = cohort.add(resource, where);
  if (outcome.kind === 'elsewhere' && namedHere) throw new PartitionMismatch(where);
  if (outcome.kind === 'added' || (answers && outcome.kind !== 'elsewhere')) {
    report.resources += 1;
    report.account(outcome, path, where, lineNumber);
  }
}

/**
 * The end of a file: read to the end, it counts as read; one that could not be read is reported once (by
 * the first partition of a parallel run), with the reason.
 */
export function finishFile(path: string, context: ReadContext, error?: string): void {
  if (error === undefined) context.report.filesRead += 1;
  else if (isPrimary(context)) context.report.unreadable(`${path}: cannot read (${error})`, path);
}

function countIgnored(report: InputReport, resourceType: string): void {
  report.resources += 1;
  report.ignoredType(resourceType);
}

/** False when the file is not JSON at all (reported as unreadable: nothing in it could be used). */
async function readBundleFile(path: string, context: ReadContext): Promise<boolean> {
  const text = await readFile(path, 'utf8');
  const primary = isPrimary(context);
  if (nestsDeeperThan(text)) {
    if (primary) context.report.unreadable(`${path}: ${TOO_DEEP}`, path);
    return false;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = `${path}: ${describeJsonError(error)}; for one resource per line use .ndjson`;
    if (primary) context.report.unreadable(message, path);
    return false;
  }
  if (isBundle(json)) {
    addBundle(json, path, path, context, primary);
  } else {
    const outcome = context.cohort.add(json, path);
    if (outcome.kind === 'added' || (primary && outcome.kind !== 'elsewhere')) {
      context.report.resources += 1;
      context.report.account(outcome, path, path);
    }
  }
  context.onProgress?.();
  return true;
}

/**
 * A line routed by its text to this partition turned out to belong to another patient: the two ways of
 * finding a line's patient disagree, which must never happen (the run stops with an internal error).
 */
export class PartitionMismatch extends Error {
  constructor(where: string) {
    super(`${where}: the patient named in the text is not the patient of the resource`);
  }
}

/** Blank or whitespace-only; checks the first character first because nearly every line starts with `{`. */
function isBlank(line: string): boolean {
  return line.length === 0 || (line.charCodeAt(0) !== 0x7b && line.trim().length === 0);
}

const TYPE_PREFIX = '{"resourceType":"';

/**
 * The type of a line that plainly starts `{"resourceType":"Encounter",` when the rules do not read that
 * type: such lines (Encounter, DocumentReference … in a full export) are counted without being parsed.
 * Anything written differently is parsed as usual.
 */
function unreadTypeOf(line: string): string | undefined {
  if (!line.startsWith(TYPE_PREFIX)) return undefined;
  const end = line.indexOf('"', TYPE_PREFIX.length);
  const after = line.charCodeAt(end + 1);
  if (end === -1 || (after !== 0x2c && after !== 0x7d)) return undefined;
  const type = line.slice(TYPE_PREFIX.length, end);
  return isReadType(type) ? undefined : type;
}

/**
 * Where the JSON broke, without V8's quote of the text around it: the quote could hold patient data, and
 * stderr ends up in logs.
 */
export function describeJsonError(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position !== undefined) return `invalid JSON at character ${Number(position) + 1}`;
  if (/end of JSON input/i.test(message)) return 'invalid JSON (the text ends too early)';
  return 'invalid JSON';
}
