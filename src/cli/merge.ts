/**
 * `aih-navigator merge`: combines the outputs of `classify --shard i/N` runs into the bytes one run over the
 * whole input gives. Each shard's output is already sorted by patient id and the shards hold disjoint
 * patients, so a k-way merge by patient id restores the single run's order; the CSV header is written once.
 * Memory is one line per shard, whatever the cohort's size; lines are copied as bytes, only the start of
 * each decoded to find its patient id. Shards that overlap or are out of order are
 * reported (by file and line, never by patient) and stop the merge: a worklist built from them would be wrong.
 */
import type { CliIo } from './classify.js';
import { comparePatientIds } from './cohort.js';
import { EXIT, type ExitCode } from './help.js';
import { describeFsError } from './input-files.js';
import { COMMA, QUOTE } from '../fhir/json-text.js';
import { LineCursor } from './line-cursor.js';
import { BufferedOutput, CSV_HEADER, csvRow } from './output.js';

export const MERGE_HELP = `Usage: aih-navigator merge SHARD_OUTPUT...

Combines the outputs of 'aih-navigator classify --shard INDEX/COUNT' runs (all NDJSON or all CSV, each as
that run wrote it) into exactly the output of one run over the whole input, on stdout.
Exit codes: 0 merged; 1 the shard outputs overlap, are out of order or mix formats (the merge stops);
2 usage error; 3 a shard output cannot be read.
`;

const CSV_HEADER_LINE = Buffer.from(csvRow(CSV_HEADER).slice(0, -2), 'utf8');
const NDJSON_PREFIX = /^\{"rulesVersion":"[^"\\]*","patientId":"((?:[^"\\]|\\.)*)"/;
/** Bytes decoded to find an NDJSON line's patient id before the whole line is (an id this long is rare). */
const ID_PREFIX_BYTES = 512;
/**
 * The readers' windows share this much memory, each between 64 KB and 1 MB: large reads cost the merge
 * less (1.6 s against 2.6 s for ten 100 MB outputs), and many shards still hold little.
 */
const WINDOWS_BYTES = 32 * 1024 * 1024;
const MIN_WINDOW_BYTES = 64 * 1024;
const MAX_WINDOW_BYTES = 1024 * 1024;

class MergeError extends Error {}

interface ShardReader {
  path: string;
  format: Format;
  lines: LineCursor;
  lineNumber: number;
  /** The current line (valid until the next is read) and its patient id; undefined at the shard's end. */
  head?: { line: Buffer; patientId: string };
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
    const window = Math.max(MIN_WINDOW_BYTES, Math.min(MAX_WINDOW_BYTES, WINDOWS_BYTES / paths.length));
    for (const path of paths) readers.push(await openShard(path, Math.floor(window)));
    const formats = new Set(readers.map((reader) => reader.format));
    if (formats.size > 1) throw new MergeError('the shard outputs mix NDJSON and CSV');
    if (formats.has('csv')) await output.write(`${CSV_HEADER_LINE.toString('utf8')}\r\n`);
    const lineEnd = Buffer.from(formats.has('csv') ? '\r\n' : '\n', 'latin1');
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
      // A copy: the line's bytes are the reader's buffer, filled again when it reads on.
      await output.write(Buffer.concat([next.head.line, lineEnd]));
      if (output.closed) break;
      await advance(next);
    }
  } finally {
    for (const reader of readers) await reader.lines.close();
  }
}

class UnreadableShard extends Error {}

type Format = 'ndjson' | 'csv';

async function openShard(path: string, windowBytes: number): Promise<ShardReader> {
  const lines = await LineCursor.open(path, windowBytes).catch((error: unknown) => {
    throw new UnreadableShard(`${path}: cannot read (${describeFsError(error)})`);
  });
  const first = await lines.next().catch(async (error: unknown) => {
    await lines.close();
    throw new UnreadableShard(`${path}: cannot read (${describeFsError(error)})`);
  });
  if (first === undefined) return { path, format: 'ndjson', lines, lineNumber: 0 };
  if (first.equals(CSV_HEADER_LINE)) {
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
function patientIdOfLine(line: Buffer, format: Format, path: string, lineNumber: number): string {
  const id = format === 'csv' ? patientIdOfCsvRow(csvFirstCell(line)) : patientIdOfAssessment(line);
  if (id === undefined)
    throw new MergeError(`${path}:${lineNumber}: not a line of aih-navigator classify output`);
  return id;
}

function patientIdOfAssessment(line: Buffer): string | undefined {
  // The assessment starts with its rules version and patient id; anything else is parsed whole. A cut
  // inside a character at the prefix's end cannot be inside a match, which ends at the id's closing quote.
  const match = NDJSON_PREFIX.exec(line.toString('utf8', 0, Math.min(line.length, ID_PREFIX_BYTES)));
  try {
    const value: unknown = match ? JSON.parse(`"${match[1]}"`) : JSON.parse(line.toString('utf8'));
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

/** The row's text up to its first comma when the first cell is not quoted, else the whole row. */
function csvFirstCell(line: Buffer): string {
  const comma = line[0] === QUOTE ? -1 : line.indexOf(COMMA);
  return line.toString('utf8', 0, comma === -1 ? line.length : comma);
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
