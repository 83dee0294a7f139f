/**
 * Where an NDJSON file's lines come from: the file on disk (readByteLines), or a stream of bytes such as a
 * Bulk Data download being received, split into the same lines with the same numbers (LF or CRLF, a last
 * line without a newline, a UTF-8 byte order mark at the start skipped, lines over the limit reported and
 * dropped as they arrive).
 */
import { MAX_LINE_BYTES, readByteLines, type ByteLineHandler, type ByteLineOptions } from './byte-lines.js';

/** Calls `onLine` for every line of the file, as readByteLines does. */
export type LineSource = (onLine: ByteLineHandler, options: ByteLineOptions) => Promise<unknown>;

/** The lines of a file on disk. */
export function fileLines(path: string): LineSource {
  return (onLine, options) => readByteLines(path, onLine, options);
}

/**
 * Reading a source failed in a way that must stop the whole run (a download cut off halfway), unlike a
 * file that cannot be read, which is reported and skipped.
 */
export class SourceFailure extends Error {}

const LF = 0x0a;
const CR = 0x0d;
const INITIAL_BYTES = 1 << 20;

/**
 * Splits a stream of chunks into lines. Each chunk's bytes are searched for line ends once; an unfinished
 * line waits in a buffer that doubles when it fills, as readByteLines does.
 */
export async function splitStreamLines(
  chunks: AsyncIterable<Uint8Array>,
  onLine: ByteLineHandler,
  options: ByteLineOptions = {},
): Promise<number> {
  const { afterChunk, onLongLine, maxLineBytes = MAX_LINE_BYTES } = options;
  let pending: Buffer = Buffer.allocUnsafeSlow(INITIAL_BYTES);
  let filled = 0;
  let skipping = false;
  let lineNumber = 0;
  let head: Buffer | undefined = Buffer.alloc(0);
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
