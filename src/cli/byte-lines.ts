/**
 * Splits a file's lines, or a stream's (a Bulk Data download), as bytes, without decoding them: the main
 * thread of a parallel run only splits and routes lines, and the partitions decode just their own. Lines
 * split as line-reader.ts splits them (LF or CRLF, a last line without a newline, a UTF-8 byte order mark
 * at the start skipped), so both give the same lines with the same numbers.
 */
import { open, type FileHandle } from 'node:fs/promises';

/**
 * Called for every line, with its 1-based number; `bytes[start, end)` is the line without its line end,
 * valid only during the call (the buffer is reused). Empty lines are passed too.
 */
export type ByteLineHandler = (bytes: Buffer, start: number, end: number, lineNumber: number) => void;

const READ_BYTES = 1 << 20;
/**
 * No FHIR resource line is this long (a whole patient's Bundle on one line is a few megabytes): a longer
 * line (a whole export written as one line?) is skipped and reported by its number, and the lines around
 * it are read as usual. Its bytes are dropped as they are read, never held, so any length costs no memory.
 */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;
/** Line feed and carriage return, as bytes: the line ends every line reader of the CLI looks for. */
export const LF = 0x0a;
export const CR = 0x0d;

export interface ByteLineOptions {
  /** Called after each read; reading waits while the promise it returns is pending (back-pressure). */
  afterChunk?: () => Promise<void> | undefined;
  /** Called, in line order, for a line longer than `maxLineBytes` instead of `onLine`. */
  onLongLine?: (lineNumber: number) => void;
  maxLineBytes?: number;
}

/**
 * Part of a file: from byte `start` (the first byte of a line) to byte `end` (after a line end), or to the
 * end of the file. Lines are numbered from 1 within it, and a byte order mark is only skipped at byte 0.
 */
export interface ByteRange {
  start: number;
  end?: number;
}

/**
 * The file is read a megabyte at a time with the next read already under way while a chunk's lines are
 * handled (reads run on libuv's threads, so the disk or page cache and this thread work side by side),
 * and split as a stream's chunks are ({@link splitStreamLines}): each byte is searched for a line end
 * once and a line spanning reads is gathered in a buffer that doubles, so any line lengths cost linear
 * time.
 */
export async function readByteLines(
  path: string,
  onLine: ByteLineHandler,
  options: ByteLineOptions = {},
  range?: ByteRange,
): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const fromStart = range === undefined || range.start === 0;
    return await splitStreamLines(fileChunks(handle, range), onLine, options, fromStart);
  } finally {
    await handle.close();
  }
}

/**
 * The file's bytes in chunks of up to {@link READ_BYTES}, each valid until the next is asked for, while the
 * read after it is already running (two buffers take turns). A whole file is read from where the file
 * stands (a pipe has no positions); a range, by position.
 */
async function* fileChunks(handle: FileHandle, range?: ByteRange): AsyncGenerator<Buffer> {
  let position = range?.start ?? null;
  const end = range?.end ?? Infinity;
  const readInto = (
    buffer: Buffer<ArrayBuffer>,
  ): Promise<{ bytesRead: number; buffer: Buffer<ArrayBuffer> }> => {
    const length = position === null ? READ_BYTES : Math.min(READ_BYTES, end - position);
    return length > 0 ? handle.read(buffer, 0, length, position) : Promise.resolve({ bytesRead: 0, buffer });
  };
  let spare = Buffer.allocUnsafeSlow(READ_BYTES);
  let reading = readInto(Buffer.allocUnsafeSlow(READ_BYTES));
  try {
    for (;;) {
      const { bytesRead, buffer } = await reading;
      if (bytesRead === 0) return;
      if (position !== null) position += bytesRead;
      reading = readInto(spare);
      spare = buffer;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    // Stopped early (a handler threw): the read under way ends before the file is closed.
    await reading.catch(() => undefined);
  }
}

const INITIAL_BYTES = 1 << 20;

/**
 * Splits a stream of chunks into lines and answers how many there were. Each chunk's bytes are searched
 * for line ends once; an unfinished line waits in a buffer that doubles when it fills. `fromStart`: the
 * chunks start the file, so a byte order mark there is skipped.
 */
export async function splitStreamLines(
  chunks: AsyncIterable<Uint8Array>,
  onLine: ByteLineHandler,
  options: ByteLineOptions = {},
  fromStart = true,
): Promise<number> {
  const { afterChunk, onLongLine, maxLineBytes = MAX_LINE_BYTES } = options;
  let pending: Buffer = Buffer.allocUnsafeSlow(INITIAL_BYTES);
  let filled = 0;
  let skipping = false;
  let lineNumber = 0;
  let head: Buffer | undefined = fromStart ? Buffer.alloc(0) : undefined;
  const take = (bytes: Buffer): void => {
    let start = 0;
    for (let newline = bytes.indexOf(LF); newline !== -1; newline = bytes.indexOf(LF, start)) {
      if (skipping) {
        // The end of a line already reported as too long.
        skipping = false;
        start = newline + 1;
        continue;
      }
      lineNumber += 1;
      if (filled + newline - start > maxLineBytes) {
        onLongLine?.(lineNumber);
      } else if (filled > 0) {
        pending = appended(pending, filled, bytes.subarray(start, newline));
        const end = filled + newline - start;
        onLine(pending, 0, withoutCarriageReturn(pending, 0, end), lineNumber);
      } else {
        onLine(bytes, start, withoutCarriageReturn(bytes, start, newline), lineNumber);
      }
      filled = 0;
      start = newline + 1;
    }
    const rest = bytes.length - start;
    if (!skipping && filled + rest > maxLineBytes) {
      lineNumber += 1;
      onLongLine?.(lineNumber);
      skipping = true;
      filled = 0;
    } else if (!skipping && rest > 0) {
      pending = appended(pending, filled, bytes.subarray(start));
      filled += rest;
    }
  };
  for await (const chunk of chunks) {
    let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (head !== undefined) {
      // The first three bytes decide whether a byte order mark starts the stream.
      bytes = Buffer.concat([head, bytes]);
      if (bytes.length < 3) {
        head = bytes;
        continue;
      }
      head = undefined;
      if (startsWithByteOrderMark(bytes)) bytes = bytes.subarray(3);
    }
    take(bytes);
    const wait = afterChunk?.();
    if (wait !== undefined) await wait;
  }
  if (head !== undefined) take(head);
  if (!skipping && filled > 0) {
    lineNumber += 1;
    onLine(pending, 0, withoutCarriageReturn(pending, 0, filled), lineNumber);
  }
  return lineNumber;
}

function startsWithByteOrderMark(bytes: Buffer): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** `pending[0, filled)` followed by `more`, in `pending` when it has room, else in a buffer twice as large. */
function appended(pending: Buffer, filled: number, more: Buffer): Buffer {
  let target = pending;
  if (filled + more.length > pending.length) {
    target = Buffer.allocUnsafeSlow(Math.max(pending.length * 2, filled + more.length));
    pending.copy(target, 0, 0, filled);
  }
  more.copy(target, filled);
  return target;
}

function withoutCarriageReturn(bytes: Buffer, start: number, end: number): number {
  return end > start && bytes[end - 1] === CR ? end - 1 : end;
}
