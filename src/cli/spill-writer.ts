/**
 * The one pass of a run over spill partitions: every input line goes, as bytes and without being parsed,
 * to the bucket file of its patient when the raw text names the patient (the line router's test,
 * partition.ts: buckets are ranges of the mixed patient hash, as shards are), else to a common file that
 * every partition reads, with the file ends and Bundle files. Each record says where it came from
 * (spill-records.ts), so a partition's buckets and the common file merge back into input order.
 * Memory is one or two write buffers per file, whatever the input's size. With a helper (spill-halves.ts),
 * the second half of each large input file is spilled by another thread into files of its own at the same
 * time: the pass is mostly splitting lines and finding patients, which two cores do in about half the time.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { readByteLines, type ByteLineOptions, type ByteLineHandler } from './byte-lines.js';
import { describeFsError, type InputFile } from './input-files.js';
import {
  PATIENT_LINE_ID_OFFSET,
  patientHashOfBytes,
  patientIdEnd,
  patientIdStart,
  shardOfHash,
  type Shard,
} from './partition.js';
import { fileLines, SourceFailure, type LineSource } from './line-source.js';
import type { HalvesJob, HalvesResult, SpillHelper } from './spill-halves.js';
import {
  END_LINE,
  HEADER_BYTES,
  RECORD,
  writeHeader,
  type RecordKind,
  type SpillPath,
} from './spill-records.js';
import { splitAfterMiddle } from './spill-split.js';

/**
 * Each file's write buffer: the files' buffers share {@link WRITE_BUFFERS_BYTES}, each between the two
 * bounds. Larger writes cost less of the kernel's time: on the 200,000-patient export (129 files), in turns,
 * the pass took 18.0–22.9 s with 256 KB buffers, 18.4–21.6 s with 512 KB and 18.8–25.6 s with 128 KB;
 * 512 KB kept about 50 MB more in memory.
 */
const WRITE_BUFFERS_BYTES = 32 * 1024 * 1024;
const MIN_BUFFER_BYTES = 128 * 1024;
const MAX_BUFFER_BYTES = 512 * 1024;

export interface SpillInput {
  file: InputFile;
  /** Where the lines come from; by default the file on disk. */
  lines?: LineSource;
}

/** One spill file: records gather in a buffer, written out whole. */
class SpillFile {
  private buffer: Buffer;
  private used = 0;
  private pending: Promise<unknown> = Promise.resolve();
  /**
   * Buffers whose writes have finished, filled again rather than new ones taken: a gigabyte of fresh
   * buffers per gigabyte of input counts as outside memory, for which V8 runs a full collection every
   * few dozen megabytes (some 65 on the 20,000-patient export).
   */
  private readonly spare: Buffer[] = [];

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly bufferBytes: number,
  ) {
    this.buffer = Buffer.allocUnsafeSlow(bufferBytes);
  }

  /** A new file, readable by this user alone; fails when it already exists. */
  static async create(path: string, bufferBytes: number): Promise<SpillFile> {
    return new SpillFile(path, await open(path, 'wx', 0o600), bufferBytes);
  }

  add(kind: RecordKind, file: number, line: number, hash: number, bytes?: Buffer, start = 0, end = 0): void {
    const size = HEADER_BYTES + end - start;
    if (this.used + size > this.buffer.length) this.writeOut(size);
    writeHeader(this.buffer, this.used, kind, file, line, hash, end - start);
    if (bytes !== undefined) bytes.copy(this.buffer, this.used + HEADER_BYTES, start, end);
    this.used += size;
  }

  /** The writes handed to the file so far have finished. */
  written(): Promise<unknown> {
    return this.pending;
  }

  async close(): Promise<void> {
    this.writeOut(0);
    try {
      await this.pending;
    } finally {
      await this.handle.close();
    }
  }

  /** Hands the buffer to the file (writes stay in order) and takes another with room for `size`. */
  private writeOut(size: number): void {
    const buffer = this.buffer;
    const full = buffer.subarray(0, this.used);
    this.pending = this.pending.then(async () => {
      await this.handle.write(full);
      if (buffer.length === this.bufferBytes) this.spare.push(buffer);
    });
    this.buffer =
      size <= this.bufferBytes
        ? (this.spare.pop() ?? Buffer.allocUnsafeSlow(this.bufferBytes))
        : Buffer.allocUnsafeSlow(size);
    this.used = 0;
  }
}

/** One thread's spill files: one per bucket and a common one, named with the thread's `tag`. */
export class SpillFiles {
  private constructor(
    readonly buckets: readonly SpillFile[],
    readonly common: SpillFile,
  ) {}

  /** Opens them all, or none: when one cannot be opened, those opened are closed again. */
  static async open(dir: string, tag: string, buckets: number, bufferBytes: number): Promise<SpillFiles> {
    const opened: SpillFile[] = [];
    try {
      for (let index = 0; index <= buckets; index += 1) {
        opened.push(
          await SpillFile.create(spillFilePath(dir, tag, index < buckets ? index : undefined), bufferBytes),
        );
      }
    } catch (error) {
      await Promise.allSettled(opened.map((file) => file.close()));
      throw spillFailure(dir, error);
    }
    const common = opened.pop();
    if (common === undefined) throw new Error('no spill files');
    return new SpillFiles(opened, common);
  }

  get all(): readonly SpillFile[] {
    return [...this.buckets, this.common];
  }

  /** Writes out what is buffered and closes every file; rejects with the first failure. */
  async close(): Promise<void> {
    const closed = await Promise.allSettled(this.all.map((file) => file.close()));
    const failed = closed.find((result) => result.status === 'rejected');
    if (failed?.status === 'rejected') throw failed.reason;
  }
}

/** A thread's file for bucket `bucket`, or its common file. */
function spillFilePath(dir: string, tag: string, bucket?: number): string {
  return join(dir, bucket === undefined ? `common${tag}.spill` : `bucket-${bucket}${tag}.spill`);
}

/** Each write buffer's size, when `writers` threads share {@link WRITE_BUFFERS_BYTES}. */
function writeBufferBytes(buckets: number, writers: number): number {
  const shared = Math.floor(WRITE_BUFFERS_BYTES / writers / (buckets + 1));
  return Math.max(MIN_BUFFER_BYTES, Math.min(MAX_BUFFER_BYTES, shared));
}

export interface Spilled {
  /** Each bucket's files (this thread's, and the helper's when it spilled), in hash order. */
  buckets: SpillPath[][];
  /** What every partition reads. */
  common: SpillPath[];
  /** Bytes of input read (lines and their line ends). */
  bytes: number;
  /** Patient resources among the lines (compact ones, whose id the text tells). */
  patients: number;
}

export interface SpillOptions {
  /** Spills the second halves of large input files on another thread; without it, all on this one. */
  helper?: SpillHelper;
  /** Input files from this size up are split in halves when there is a helper (tests set it low). */
  splitFromBytes?: number;
}

/**
 * Below this size a file is spilled whole by one thread: starting the helper would cost about as much as
 * it saves.
 */
const SPLIT_FROM_BYTES = 32 * 1024 * 1024;

/** Where one input file's lines were spilled to, and how many there were: see {@link spillLines}. */
export interface LinesSpilled {
  lines: number;
  /** Why reading stopped before the end (the file could not be read); undefined when read to the end. */
  error?: string;
}

/** Spills `inputs` into `buckets` bucket files and a common file in `dir` (and the helper's, with one). */
export async function spillInput(
  inputs: readonly SpillInput[],
  dir: string,
  buckets: number,
  shard: Shard | undefined,
  options: SpillOptions = {},
): Promise<Spilled> {
  const { helper } = options;
  const tasks = helper ? await secondHalves(inputs, options.splitFromBytes ?? SPLIT_FROM_BYTES) : [];
  const halves = new Map(tasks.map(({ file, start }) => [file, start]));
  const bufferBytes = writeBufferBytes(buckets, tasks.length > 0 ? 2 : 1);
  const counts: SpillCounts = { bytes: 0, patients: 0 };
  const firstHalves = new Map<number, LinesSpilled>();
  const files = await SpillFiles.open(dir, '', buckets, bufferBytes);
  let helping: ReturnType<SpillHelper> | undefined;
  let failure: unknown;
  try {
    if (helper && tasks.length > 0)
      helping = helper({ dir, tag: HELPER_TAG, buckets, bufferBytes, shard, tasks } satisfies HalvesJob);
    for (const [index, input] of inputs.entries()) {
      if (input.file.kind === 'bundle') {
        files.common.add(RECORD.bundleFile, index, 0, 0);
        continue;
      }
      const split = halves.get(index);
      const path = input.file.path;
      const source: LineSource =
        split === undefined
          ? (input.lines ?? fileLines(path))
          : (onLine, lineOptions) => readByteLines(path, onLine, lineOptions, { start: 0, end: split });
      const spilled = await spillLines(source, index, files, counts, shard, dir);
      if (split === undefined) addFileEnd(files.common, index, spilled.error);
      else firstHalves.set(index, spilled);
    }
  } catch (error) {
    failure = error;
  }
  let second: HalvesResult | undefined;
  if (helping !== undefined) {
    if (failure !== undefined) await helping.stop();
    try {
      second = await helping.result;
    } catch (error) {
      failure ??= error;
    }
  }
  try {
    await files.close();
  } catch (error) {
    failure ??= error;
  }
  if (failure === undefined && second !== undefined) {
    try {
      return await joinHalves(files, firstHalves, second, counts, dir);
    } catch (error) {
      failure = error;
    }
  }
  if (failure !== undefined)
    throw isSpillFailure(failure) || failure instanceof SourceFailure ? failure : spillFailure(dir, failure);
  return {
    buckets: files.buckets.map(({ path }) => [{ path }]),
    common: [{ path: files.common.path }],
    ...counts,
  };
}

const HELPER_TAG = '.1';

/**
 * The second halves to hand to the helper: of the NDJSON files on disk of at least `fromBytes`, from just
 * after the first line end past the middle.
 */
async function secondHalves(inputs: readonly SpillInput[], fromBytes: number): Promise<HalvesJob['tasks']> {
  const halves: HalvesJob['tasks'] = [];
  for (const [index, { file, lines }] of inputs.entries()) {
    if (file.kind !== 'ndjson' || lines !== undefined) continue;
    const size = await stat(file.path).then(
      (stats) => (stats.isFile() ? stats.size : 0),
      () => 0, // reading it will say why it cannot be read
    );
    if (size < fromBytes) continue;
    const start = await splitAfterMiddle(file.path, size);
    if (start !== undefined) halves.push({ file: index, path: file.path, start });
  }
  return halves;
}

/**
 * After both threads' passes: the helper's files are read with its line numbers moved past the first
 * halves' lines, and the split files' ends (a first half's error first: reading stops there, so the
 * second half is then dropped) go to a file of their own, which keeps every spill file in input order.
 */
async function joinHalves(
  files: SpillFiles,
  firstHalves: ReadonlyMap<number, LinesSpilled>,
  second: HalvesResult,
  counts: SpillCounts,
  dir: string,
): Promise<Spilled> {
  const lineOffsets: (number | undefined)[] = [];
  const ends = await SpillFile.create(join(dir, 'ends.spill'), 4096);
  try {
    for (const { file, error } of second.results) {
      const first = firstHalves.get(file);
      if (first === undefined) throw new Error(`no first half of input file ${file}`);
      if (first.error === undefined) lineOffsets[file] = first.lines;
      addFileEnd(ends, file, first.error ?? error);
    }
  } finally {
    await ends.close();
  }
  const helperFile = (bucket?: number): SpillPath => ({
    path: spillFilePath(dir, HELPER_TAG, bucket),
    lineOffsets,
  });
  return {
    buckets: files.buckets.map(({ path }, bucket) => [{ path }, helperFile(bucket)]),
    common: [{ path: files.common.path }, helperFile(), { path: ends.path }],
    bytes: counts.bytes + second.bytes,
    patients: counts.patients + second.patients,
  };
}

function addFileEnd(target: SpillFile, index: number, error: string | undefined): void {
  const reason = error === undefined ? undefined : Buffer.from(error, 'utf8');
  target.add(RECORD.fileEnd, index, END_LINE, 0, reason, 0, reason?.length ?? 0);
}

/** Bytes and patients seen by one thread's pass. */
export interface SpillCounts {
  bytes: number;
  patients: number;
}

/**
 * Spills the lines of one input file (`index`) into `files`: each line to its patient's bucket when the
 * text names the patient, else to the common file. Answers how many lines there were and, when the file
 * could not be read to the end, why; throws when the spill files cannot be written or the source fails
 * in a way that stops the run.
 */
export async function spillLines(
  source: LineSource,
  index: number,
  files: SpillFiles,
  counts: SpillCounts,
  shard: Shard | undefined,
  dir: string,
): Promise<LinesSpilled> {
  const { buckets, common, all } = files;
  const count = buckets.length;
  const total = (shard?.count ?? 1) * count;
  const first = (shard?.index ?? 0) * count;
  let lines = 0;
  const onLine: ByteLineHandler = (bytes, start, end, lineNumber) => {
    lines = lineNumber;
    counts.bytes += end - start + 1;
    if (end === start) return; // every partition would skip it
    const idStart = patientIdStart(bytes, start, end);
    if (idStart === -1) {
      common.add(RECORD.unnamedLine, index, lineNumber, 0, bytes, start, end);
      return;
    }
    if (idStart - start === PATIENT_LINE_ID_OFFSET) counts.patients += 1;
    const hash = patientHashOfBytes(bytes, idStart, patientIdEnd(bytes, idStart, end));
    // Outside 0..count-1: a patient of another --shard, left to that run.
    buckets[shardOfHash(hash, total) - first]?.add(
      RECORD.namedLine,
      index,
      lineNumber,
      hash,
      bytes,
      start,
      end,
    );
  };
  // Reading waits for the writes handed out before the last chunk, not those of the last chunk itself: the
  // writes of one chunk run on libuv's threads while the next is split. Memory stays two chunks' worth.
  let lastChunkWrites: Promise<void> = Promise.resolve();
  const options: ByteLineOptions = {
    afterChunk: () => {
      const before = lastChunkWrites;
      lastChunkWrites = Promise.all(all.map((file) => file.written())).then(
        () => undefined,
        (reason: unknown) => {
          throw spillFailure(dir, reason);
        },
      );
      // Awaited one chunk later, or (the file's last chunk) through the files' close.
      lastChunkWrites.catch(() => undefined);
      return before;
    },
    onLongLine: (lineNumber) => {
      lines = lineNumber;
      common.add(RECORD.longLine, index, lineNumber, 0);
    },
  };
  try {
    await source(onLine, options);
  } catch (failure) {
    if (isSpillFailure(failure) || failure instanceof SourceFailure) throw failure;
    return { lines, error: describeFsError(failure) };
  }
  return { lines };
}

/** Writing the temporary files failed (a full disk …): the run cannot go on. */
export class SpillFailure extends Error {}

export function isSpillFailure(error: unknown): boolean {
  return error instanceof SpillFailure;
}

function spillFailure(dir: string, reason: unknown): SpillFailure {
  return new SpillFailure(`cannot write the temporary files in ${dir} (${describeFsError(reason)})`);
}
