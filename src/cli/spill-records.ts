/**
 * The records of spill files (spill-writer.ts writes them, spill-run.ts reads them back): the input, in
 * reading order, as it would reach the partitions of a parallel run. Each record is a fixed
 * header (kind, input file index, line number, patient hash, byte length) and that many bytes: a line as
 * read (no line end), or the reason a file could not be read. Binary and length-prefixed, so a line needs
 * no escaping and reading it back costs no search for line ends.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { FileWindow } from './file-window.js';

export const RECORD = {
  /** A line whose text names its patient; `hash` is the patient's hash. */
  namedLine: 1,
  /** A line whose patient the text does not tell: every partition reads it. */
  unnamedLine: 2,
  /** A line over the length limit, skipped unread (reported by the first partition). */
  longLine: 3,
  /** A Bundle file, read whole by whoever replays the partition. */
  bundleFile: 4,
  /** The end of an NDJSON file; the bytes hold the reason when it could not be read to the end. */
  fileEnd: 5,
} as const;

export type RecordKind = (typeof RECORD)[keyof typeof RECORD];

export const HEADER_BYTES = 17;
/** Where the line's byte length stands in the header (after kind, file, line and hash). */
const LENGTH_AT = 13;

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
  target.writeUInt32LE(length, at + LENGTH_AT);
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

/** The line number of a file's end record: after every line of the file, in the merge order. */
export const END_LINE = 0xffff_ffff;

/**
 * A spill file to read back. The second half of a large input file is spilled by a second thread, which
 * numbers its lines from 1 (spill-writer.ts): `lineOffsets[file]` is then the number of lines before that
 * half, added to its records' line numbers; an input file missing from `lineOffsets` (index undefined)
 * has its records dropped (the first half could not be read to its end, so nothing after it counts).
 */
export interface SpillPath {
  path: string;
  lineOffsets?: readonly (number | undefined)[];
}

/** Orders are file × this + line: exact in a double up to 2²¹ input files. */
const LINES_PER_FILE = 0x1_0000_0000;

const READ_BYTES = 128 * 1024;

/** Reads one spill file record by record, refilling its window as it goes. */
class Cursor {
  private readonly window: FileWindow;
  readonly record: SpillRecord;

  constructor(
    handle: FileHandle,
    private readonly lineOffsets?: readonly (number | undefined)[],
  ) {
    this.window = new FileWindow(handle, READ_BYTES);
    this.record = {
      kind: RECORD.namedLine,
      file: 0,
      line: 0,
      hash: 0,
      bytes: this.window.buffer,
      start: 0,
      end: 0,
    };
  }

  /**
   * Moves to the next record when the window holds all of it: nearly always, and without the promise of
   * {@link next}, which would otherwise cost one per line of the input.
   */
  nextInWindow(): boolean {
    for (;;) {
      const needed = this.nextRecordBytes();
      if (this.window.available < needed) return false;
      this.take(needed - HEADER_BYTES);
      if (this.lineOffsets === undefined) return true;
      const offset = this.lineOffsets[this.record.file];
      if (offset !== undefined) {
        if (this.record.line !== END_LINE) this.record.line += offset;
        return true;
      }
    }
  }

  /** Bytes the next record takes: its header, and its line too once the header (with the length) is in. */
  private nextRecordBytes(): number {
    const { available, buffer, start } = this.window;
    return available < HEADER_BYTES ? HEADER_BYTES : HEADER_BYTES + buffer.readUInt32LE(start + LENGTH_AT);
  }

  /** Moves to the next record, reading more of the file when needed; false at the end of the file. */
  async next(): Promise<boolean> {
    const window = this.window;
    while (!this.nextInWindow()) {
      // A record longer than the buffer (a line of up to 64 MiB) gets a buffer of its size.
      if (!(await window.refill(this.nextRecordBytes()))) {
        if (window.available > 0) throw new Error('a spill file ends inside a record');
        return false;
      }
    }
    return true;
  }

  /** Where the current record stands in the merge order: by input file, then line. */
  get order(): number {
    return this.record.file * LINES_PER_FILE + this.record.line;
  }

  private take(length: number): void {
    const { record, window } = this;
    const { buffer, start } = window;
    record.kind = buffer[start] as RecordKind;
    record.file = buffer.readUInt32LE(start + 1);
    record.line = buffer.readUInt32LE(start + 5);
    record.hash = buffer.readUInt32LE(start + 9);
    record.bytes = buffer;
    record.start = start + HEADER_BYTES;
    record.end = record.start + length;
    window.start = record.end;
  }
}

/**
 * Calls `onRecord` for every record of the spill files, merged in input order (by input file, then line:
 * each file is in that order, and each line is in one file only), waiting when it returns a promise (a
 * Bundle file to read). `afterChunk` is called after about every megabyte, as readByteLines calls it
 * (reading waits while the promise it returns is pending). Throws when a file ends inside a record (an
 * internal error: the spill files were written by this run).
 */
export async function readSpillRecords(
  paths: readonly (string | SpillPath)[],
  onRecord: (record: SpillRecord) => Promise<void> | void,
  afterChunk?: () => Promise<void> | undefined,
): Promise<void> {
  const handles: FileHandle[] = [];
  try {
    const spillPaths = paths.map((path) => (typeof path === 'string' ? { path } : path));
    for (const { path } of spillPaths) handles.push(await open(path, 'r'));
    const heads: Cursor[] = [];
    for (const [index, handle] of handles.entries()) {
      const cursor = new Cursor(handle, spillPaths[index]?.lineOffsets);
      if (await cursor.next()) heads.push(cursor);
    }
    let sinceChunk = 0;
    while (heads.length > 0) {
      // The first head, and the order of the one after it: the first file's records go until they pass
      // that (a patient's lines mostly stand together, so files take turns in runs, not line by line).
      let first = 0;
      let second = Infinity;
      for (let index = 1; index < heads.length; index += 1) {
        const order = heads[index]?.order ?? Infinity;
        const firstOrder = heads[first]?.order ?? Infinity;
        if (order < firstOrder) {
          second = firstOrder;
          first = index;
        } else if (order < second) {
          second = order;
        }
      }
      const cursor = heads[first];
      if (cursor === undefined) break;
      const { record } = cursor;
      do {
        sinceChunk += HEADER_BYTES + record.end - record.start;
        const wait = onRecord(record);
        if (wait !== undefined) await wait;
        if (!cursor.nextInWindow() && !(await cursor.next())) {
          heads.splice(first, 1);
          break;
        }
        if (sinceChunk >= READ_BYTES) {
          sinceChunk = 0;
          const room = afterChunk?.();
          if (room !== undefined) await room;
        }
      } while (cursor.order < second);
    }
  } finally {
    await Promise.all(handles.map((handle) => handle.close()));
  }
}
