/**
 * The records of a spill partition file (spill-writer.ts writes them, spill-run.ts reads them back): the
 * input, in reading order, as it would reach the partitions of a parallel run. Each record is a fixed
 * header (kind, input file index, line number, patient hash, byte length) and that many bytes: a line as
 * read (no line end), or the reason a file could not be read. Binary and length-prefixed, so a line needs
 * no escaping and reading it back costs no search for line ends.
 */
import { open } from 'node:fs/promises';

export const RECORD = {
  /** A line whose text names a patient of this partition; `hash` is the patient's hash. */
  namedLine: 1,
  /** A line whose patient the text does not tell: it is in every spill partition. */
  unnamedLine: 2,
  /** A line over the length limit, skipped unread (first spill partition only). */
  longLine: 3,
  /** A Bundle file, read whole by whoever replays the partition. */
  bundleFile: 4,
  /** The end of an NDJSON file; the bytes hold the reason when it could not be read to the end. */
  fileEnd: 5,
} as const;

export type RecordKind = (typeof RECORD)[keyof typeof RECORD];

export const HEADER_BYTES = 17;

/** Writes a record's header at `at` in `target`. */
export function writeHeader(
  target: Buffer,
  at: number,
  kind: RecordKind,
  file: number,
  line: number,
  hash: number,
  length: number,
): void {
  target[at] = kind;
  target.writeUInt32LE(file, at + 1);
  target.writeUInt32LE(line, at + 5);
  target.writeUInt32LE(hash, at + 9);
  target.writeUInt32LE(length, at + 13);
}

/** One record as read back; `bytes[start, end)` is valid only during the call (the buffer is reused). */
export interface SpillRecord {
  kind: RecordKind;
  file: number;
  line: number;
  hash: number;
  bytes: Buffer;
  start: number;
  end: number;
}

const READ_BYTES = 1 << 20;

/**
 * Calls `onRecord` for every record of a spill file, in order, waiting when it returns a promise (a Bundle
 * file to read); `afterChunk` as in readByteLines (reading waits while the promise it returns is pending). Throws when the file ends inside a record (an internal
 * error: the spill file was written by this run).
 */
export async function readSpillRecords(
  path: string,
  onRecord: (record: SpillRecord) => Promise<void> | void,
  afterChunk?: () => Promise<void> | undefined,
): Promise<void> {
  const handle = await open(path, 'r');
  try {
    let buffer = Buffer.allocUnsafeSlow(READ_BYTES);
    let filled = 0;
    const record: SpillRecord = {
      kind: RECORD.namedLine,
      file: 0,
      line: 0,
      hash: 0,
      bytes: buffer,
      start: 0,
      end: 0,
    };
    for (;;) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
      if (bytesRead === 0) break;
      const stop = filled + bytesRead;
      let at = 0;
      while (at + HEADER_BYTES <= stop) {
        const length = buffer.readUInt32LE(at + 13);
        if (at + HEADER_BYTES + length > stop) break;
        record.kind = buffer[at] as RecordKind;
        record.file = buffer.readUInt32LE(at + 1);
        record.line = buffer.readUInt32LE(at + 5);
        record.hash = buffer.readUInt32LE(at + 9);
        record.bytes = buffer;
        record.start = at + HEADER_BYTES;
        record.end = record.start + length;
        at = record.end;
        const wait = onRecord(record);
        if (wait !== undefined) await wait;
      }
      filled = stop - at;
      const needed = filled >= HEADER_BYTES ? HEADER_BYTES + buffer.readUInt32LE(at + 13) : HEADER_BYTES;
      // A record longer than the buffer (a line of up to 64 MiB) gets a buffer of its size.
      const next = needed > buffer.length ? Buffer.allocUnsafeSlow(needed) : buffer;
      buffer.copy(next, 0, at, stop);
      buffer = next;
      const wait = afterChunk?.();
      if (wait !== undefined) await wait;
    }
    if (filled > 0) throw new Error('a spill file ends inside a record');
  } finally {
    await handle.close();
  }
}
