/**
 * `aih-navigator merge`: combines the outputs of `classify --shard i/N` runs into the bytes one run over the
 * whole input gives. Each shard's output is already sorted by patient id and the shards hold disjoint
 * patients, so a k-way merge by patient id restores the single run's order; the CSV header is written once.
 * Memory is one line per shard, whatever the cohort's size. Shards that overlap or are out of order are
 * reported (by file and line, never by patient) and stop the merge: a worklist built from them would be wrong.
 */
import type { CliIo } from './classify.js';
import { comparePatientIds } from './cohort.js';
import { EXIT, type ExitCode } from './help.js';
import { describeFsError } from './input-files.js';
import { LineCursor } from './line-cursor.js';
import { BufferedOutput, CSV_HEADER, csvRow } from './output.js';

export const MERGE_HELP = `Usage: aih-navigator merge SHARD_OUTPUT...

Combines the outputs of 'aih-navigator classify --shard INDEX/COUNT' runs (all NDJSON or all CSV, each as
that run wrote it) into exactly the output of one run over the whole input, on stdout.
Exit codes: 0 merged; 1 the shard outputs overlap, are out of order or mix formats (the merge stops);
2 usage error; 3 a shard output cannot be read.
`;

const CSV_HEADER_LINE = csvRow(CSV_HEADER).slice(0, -2);
const NDJSON_PREFIX = /^\{"rulesVersion":"[^"\\]*","patientId":"((?:[^"\\]|\\.)*)"/;

class MergeError extends Error {}

interface ShardReader {
  path: string;
  format: Format;
  lines: LineCursor;
  lineNumber: number;
  /** The current line and its patient id; undefined when the shard is exhausted. */
  head?: { line: string; patientId: string };
}

export async function mergeCommand(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  if (argv.includes('-h') || argv.includes('--help')) {
    io.stdout.write(MERGE_HELP);
    return EXIT.ok;
  }
  const option = argv.find((word) => word.startsWith('-'));
  if (option !== undefined || argv.length === 0) {
    const problem =
      option === undefined ? 'merge needs at least one shard output' : `unknown option "${option}"`;
    io.stderr.write(`aih-navigator merge: ${problem}\nTry 'aih-navigator merge --help'.\n`);
    return EXIT.usage;
  }
  const output = new BufferedOutput(io.stdout);
  try {
    await mergeOutputs(argv, output);
  } catch (error) {
    await output.flush();
    if (error instanceof MergeError) {
      io.stderr.write(`aih-navigator merge: ${error.message}; the output is incomplete\n`);
      return EXIT.invalidInput;
    }
    if (error instanceof UnreadableShard) {
      io.stderr.write(`aih-navigator merge: ${error.message}\n`);
      return EXIT.noInput;
    }
    throw error;
  }
  await output.flush();
  return EXIT.ok;
}

/**
 * Merges `classify` outputs, each sorted by patient id and holding patients of its own, into `output`
 * (not flushed). Throws when they overlap, are out of order, mix formats, or one cannot be read.
 */
export async function mergeOutputs(paths: readonly string[], output: BufferedOutput): Promise<void> {
  const readers: ShardReader[] = [];
  try {
    for (const path of paths) readers.push(await openShard(path));
    const formats = new Set(readers.map((reader) => reader.format));
    if (formats.size > 1) throw new MergeError('the shard outputs mix NDJSON and CSV');
    if (formats.has('csv')) await output.write(`${CSV_HEADER_LINE}\r\n`);
    const lineEnd = formats.has('csv') ? '\r\n' : '\n';
    let previous: { patientId: string; where: string } | undefined;
    for (;;) {
      let next: ShardReader | undefined;
      for (const reader of readers) {
        if (reader.head === undefined) continue;
        if (next?.head === undefined || comparePatientIds(reader.head.patientId, next.head.patientId) < 0)
          next = reader;
      }
      if (next?.head === undefined) break;
      const where = `${next.path}:${next.lineNumber}`;
      if (previous !== undefined && comparePatientIds(previous.patientId, next.head.patientId) >= 0) {
        throw new MergeError(
          `${where}: the same patient as ${previous.where}, or out of order: shards must come from one --shard */N run each`,
        );
      }
      previous = { patientId: next.head.patientId, where };
      await output.write(next.head.line + lineEnd);
      if (output.closed) break;
      await advance(next);
    }
  } finally {
    for (const reader of readers) await reader.lines.close();
  }
}

class UnreadableShard extends Error {}

type Format = 'ndjson' | 'csv';

async function openShard(path: string): Promise<ShardReader> {
  const lines = await LineCursor.open(path).catch((error: unknown) => {
    throw new UnreadableShard(`${path}: cannot read (${describeFsError(error)})`);
  });
  const first = await lines.next().catch(async (error: unknown) => {
    await lines.close();
    throw new UnreadableShard(`${path}: cannot read (${describeFsError(error)})`);
  });
  if (first === undefined) return { path, format: 'ndjson', lines, lineNumber: 0 };
  if (first === CSV_HEADER_LINE) {
    const csv: ShardReader = { path, format: 'csv', lines, lineNumber: 1 };
    await advance(csv);
    return csv;
  }
  const head = { line: first, patientId: patientIdOfLine(first, 'ndjson', path, 1) };
  return { path, format: 'ndjson', lines, lineNumber: 1, head };
}

async function advance(reader: ShardReader): Promise<void> {
  const format = reader.format;
  const next = await reader.lines.next();
  if (next === undefined) {
    reader.head = undefined;
    return;
  }
  reader.lineNumber += 1;
  reader.head = { line: next, patientId: patientIdOfLine(next, format, reader.path, reader.lineNumber) };
}

/** The patient id a `classify` output line is sorted by. */
export function patientIdOfLine(line: string, format: Format, path: string, lineNumber: number): string {
  const id = format === 'csv' ? patientIdOfCsvRow(line) : patientIdOfAssessment(line);
  if (id === undefined)
    throw new MergeError(`${path}:${lineNumber}: not a line of aih-navigator classify output`);
  return id;
}

function patientIdOfAssessment(line: string): string | undefined {
  const match = NDJSON_PREFIX.exec(line);
  try {
    // The assessment starts with its rules version and patient id; anything else is parsed whole.
    const value: unknown = match ? JSON.parse(`"${match[1]}"`) : JSON.parse(line);
    if (typeof value === 'string') return value;
    if (typeof value === 'object' && value !== null && 'patientId' in value) {
      const id = (value as { patientId: unknown }).patientId;
      return typeof id === 'string' ? id : undefined;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** The first cell, unquoted, without the `'` that guards a formula-like value (output.ts). */
function patientIdOfCsvRow(line: string): string | undefined {
  let cell: string;
  if (line.startsWith('"')) {
    const close = /^"((?:[^"]|"")*)"(?:,|$)/.exec(line);
    if (!close) return undefined;
    cell = (close[1] ?? '').replace(/""/g, '"');
  } else {
    const comma = line.indexOf(',');
    cell = comma === -1 ? line : line.slice(0, comma);
  }
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}
