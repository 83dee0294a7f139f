/**
 * The one pass of a run over spill partitions: every input line goes, as bytes and without being parsed,
 * to the bucket file of its patient when the raw text names the patient (the line router's test,
 * partition.ts: buckets are ranges of the mixed patient hash, as shards are), else to a common file that
 * every partition reads, with the file ends and Bundle files. Each record says where it came from
 * (spill-records.ts), so a partition's buckets and the common file merge back into input order.
 * Memory is one or two write buffers per file, whatever the input's size.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { ByteLineOptions, ByteLineHandler } from './byte-lines.js';
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
import { END_LINE, HEADER_BYTES, RECORD, writeHeader, type RecordKind } from './spill-records.js';

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

/** One spill partition's file: records gather in a buffer, written out whole. */
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

  constructor(
    readonly path: string,
    private readonly handle: FileHandle,
    private readonly bufferBytes: number,
  ) {
    this.buffer = Buffer.allocUnsafeSlow(bufferBytes);
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

export interface Spilled {
  /** The bucket files, in hash order. */
  buckets: string[];
  /** What every partition reads. */
  common: string;
  /** Bytes of input read (lines and their line ends). */
  bytes: number;
  /** Patient resources among the lines (compact ones, whose id the text tells). */
  patients: number;
}

/** Spills `inputs` into `buckets` bucket files and a common file in `dir`. */
export async function spillInput(
  inputs: readonly SpillInput[],
  dir: string,
  buckets: number,
  shard: Shard | undefined,
): Promise<Spilled> {
  const files: SpillFile[] = [];
  const spilled: Spilled = { buckets: [], common: join(dir, 'common.spill'), bytes: 0, patients: 0 };
  let failure: unknown;
  const shared = Math.floor(WRITE_BUFFERS_BYTES / (buckets + 1));
  const bufferBytes = Math.max(MIN_BUFFER_BYTES, Math.min(MAX_BUFFER_BYTES, shared));
  try {
    for (let index = 0; index < buckets; index += 1) {
      const path = join(dir, `bucket-${index}.spill`);
      files.push(new SpillFile(path, await open(path, 'wx', 0o600), bufferBytes));
      spilled.buckets.push(path);
    }
    const common = new SpillFile(spilled.common, await open(spilled.common, 'wx', 0o600), bufferBytes);
    files.push(common);
    const target = { buckets: files.slice(0, buckets), common, all: files, spilled };
    for (const [index, input] of inputs.entries()) await spillFile(input, index, target, shard, dir);
  } catch (error) {
    failure = error;
  }
  const closed = await Promise.allSettled(files.map((file) => file.close()));
  const notClosed = closed.find((result) => result.status === 'rejected');
  if (failure === undefined && notClosed?.status === 'rejected') failure = notClosed.reason;
  if (failure !== undefined)
    throw isSpillFailure(failure) || failure instanceof SourceFailure ? failure : spillFailure(dir, failure);
  return spilled;
}

interface Target {
  buckets: readonly SpillFile[];
  common: SpillFile;
  all: readonly SpillFile[];
  spilled: Spilled;
}

async function spillFile(
  input: SpillInput,
  index: number,
  target: Target,
  shard: Shard | undefined,
  dir: string,
): Promise<void> {
  const { buckets, common, all, spilled } = target;
  if (input.file.kind === 'bundle') {
    common.add(RECORD.bundleFile, index, 0, 0);
    return;
  }
  const count = buckets.length;
  const total = (shard?.count ?? 1) * count;
  const first = (shard?.index ?? 0) * count;
  const onLine: ByteLineHandler = (bytes, start, end, lineNumber) => {
    spilled.bytes += end - start + 1;
    if (end === start) return; // every partition would skip it
    const idStart = patientIdStart(bytes, start, end);
    if (idStart === -1) {
      common.add(RECORD.unnamedLine, index, lineNumber, 0, bytes, start, end);
      return;
    }
    if (idStart - start === PATIENT_LINE_ID_OFFSET) spilled.patients += 1;
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
    onLongLine: (lineNumber) => common.add(RECORD.longLine, index, lineNumber, 0),
  };
  const lines = input.lines ?? fileLines(input.file.path);
  let error: string | undefined;
  try {
    await lines(onLine, options);
  } catch (failure) {
    if (isSpillFailure(failure) || failure instanceof SourceFailure) throw failure;
    error = describeFsError(failure);
  }
  const reason = error === undefined ? undefined : Buffer.from(error, 'utf8');
  common.add(RECORD.fileEnd, index, END_LINE, 0, reason, 0, reason?.length ?? 0);
}

/** Writing the temporary files failed (a full disk …): the run cannot go on. */
class SpillFailure extends Error {}

function isSpillFailure(error: unknown): boolean {
  return error instanceof SpillFailure;
}

function spillFailure(dir: string, reason: unknown): SpillFailure {
  return new SpillFailure(`cannot write the temporary files in ${dir} (${describeFsError(reason)})`);
}
