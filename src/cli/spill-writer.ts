/**
 * The one pass of a run over spill partitions: every input line goes, as bytes and without being parsed,
 * to the spill file of its patient's partition when the raw text names the patient (the line router's
 * test, partition.ts), else to every spill file, each record saying where it came from (spill-records.ts).
 * Memory is one write buffer per partition, whatever the input's size.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { ByteLineOptions, ByteLineHandler } from './byte-lines.js';
import { describeFsError, type InputFile } from './input-files.js';
import { patientHashOfBytes, patientIdEnd, patientIdStart, shardOfHash, type Shard } from './partition.js';
import { fileLines, SourceFailure, type LineSource } from './line-source.js';
import { HEADER_BYTES, RECORD, writeHeader, type RecordKind } from './spill-records.js';

const BUFFER_BYTES = 256 * 1024;

export interface SpillInput {
  file: InputFile;
  /** Where the lines come from; by default the file on disk. */
  lines?: LineSource;
}

/** One spill partition's file: records gather in a buffer, written out whole. */
class SpillFile {
  private buffer = Buffer.allocUnsafeSlow(BUFFER_BYTES);
  private used = 0;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(
    readonly path: string,
    private readonly handle: FileHandle,
  ) {}

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

  /** Hands the buffer to the file (writes stay in order) and takes a new one with room for `size`. */
  private writeOut(size: number): void {
    const full = this.buffer.subarray(0, this.used);
    this.pending = this.pending.then(() => this.handle.write(full));
    this.buffer = Buffer.allocUnsafeSlow(Math.max(BUFFER_BYTES, size));
    this.used = 0;
  }
}

/** Spills `inputs` into `count` partition files in `dir`; returns their paths, partition by partition. */
export async function spillInput(
  inputs: readonly SpillInput[],
  dir: string,
  count: number,
  shard: Shard | undefined,
): Promise<string[]> {
  const files: SpillFile[] = [];
  let failure: unknown;
  try {
    for (let index = 0; index < count; index += 1) {
      const path = join(dir, `partition-${index}.spill`);
      files.push(new SpillFile(path, await open(path, 'wx', 0o600)));
    }
    for (const [index, input] of inputs.entries()) await spillFile(input, index, files, shard, dir);
  } catch (error) {
    failure = error;
  }
  const closed = await Promise.allSettled(files.map((file) => file.close()));
  const notClosed = closed.find((result) => result.status === 'rejected');
  if (failure === undefined && notClosed?.status === 'rejected') failure = notClosed.reason;
  if (failure !== undefined)
    throw isSpillFailure(failure) || failure instanceof SourceFailure ? failure : spillFailure(dir, failure);
  return files.map((file) => file.path);
}

async function spillFile(
  input: SpillInput,
  index: number,
  files: readonly SpillFile[],
  shard: Shard | undefined,
  dir: string,
): Promise<void> {
  if (input.file.kind === 'bundle') {
    for (const file of files) file.add(RECORD.bundleFile, index, 0, 0);
    return;
  }
  const count = files.length;
  const onLine: ByteLineHandler = (bytes, start, end, lineNumber) => {
    if (end === start) return; // every partition would skip it
    const idStart = patientIdStart(bytes, start, end);
    if (idStart === -1) {
      for (const file of files) file.add(RECORD.unnamedLine, index, lineNumber, 0, bytes, start, end);
      return;
    }
    const hash = patientHashOfBytes(bytes, idStart, patientIdEnd(bytes, idStart, end));
    const total = (shard?.count ?? 1) * count;
    const slot = shardOfHash(hash, total) - (shard?.index ?? 0) * count;
    // Outside 0..count-1: a patient of another --shard, left to that run.
    files[slot]?.add(RECORD.namedLine, index, lineNumber, hash, bytes, start, end);
  };
  const options: ByteLineOptions = {
    // Reading waits for the writes of the last chunk: memory stays one chunk's worth per partition.
    afterChunk: () =>
      Promise.all(files.map((file) => file.written())).then(
        () => undefined,
        (reason: unknown) => {
          throw spillFailure(dir, reason);
        },
      ),
    onLongLine: (lineNumber) => files[0]?.add(RECORD.longLine, index, lineNumber, 0),
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
  for (const file of files) file.add(RECORD.fileEnd, index, 0, 0, reason, 0, reason?.length ?? 0);
}

/** Writing the temporary files failed (a full disk …): the run cannot go on. */
class SpillFailure extends Error {}

function isSpillFailure(error: unknown): boolean {
  return error instanceof SpillFailure;
}

function spillFailure(dir: string, reason: unknown): SpillFailure {
  return new SpillFailure(`cannot write the temporary files in ${dir} (${describeFsError(reason)})`);
}
