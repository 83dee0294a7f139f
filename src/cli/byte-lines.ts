/**
 * Reads a file's lines as bytes, without decoding them: the main thread of a parallel run only splits and
 * routes lines, and the partitions decode just their own. Lines split as line-reader.ts splits them (LF or
 * CRLF, a last line without a newline, a UTF-8 byte order mark at the start skipped), so both give the
 * same lines with the same numbers.
 */
import { open } from 'node:fs/promises';

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
const LF = 0x0a;
const CR = 0x0d;

export interface ByteLineOptions {
  /** Called after each read; reading waits while the promise it returns is pending (back-pressure). */
  afterChunk?: () => Promise<void> | undefined;
  /** Called, in line order, for a line longer than `maxLineBytes` instead of `onLine`. */
  onLongLine?: (lineNumber: number) => void;
  maxLineBytes?: number;
}

/**
 * Linear in the file's length whatever its line lengths: each byte is searched for a line end once, the
 * unfinished line is moved only when a later line ends in the same read, and the buffer doubles when one
 * line fills it (a few copies for any length, not one per read).
 */
export async function readByteLines(
  path: string,
  onLine: ByteLineHandler,
  options: ByteLineOptions = {},
): Promise<number> {
  const { afterChunk, onLongLine, maxLineBytes = MAX_LINE_BYTES } = options;
  const handle = await open(path, 'r');
  try {
    let buffer: Buffer<ArrayBuffer> = Buffer.allocUnsafeSlow(READ_BYTES);
    let filled = 0; // bytes of an unfinished line at the start of the buffer
    let searched = 0; // of those, bytes already known to hold no line end
    let skipping = false; // inside a line over the limit: its bytes are dropped until its end
    let lineNumber = 0;
    let first = true;
    for (;;) {
      if (filled === buffer.length) buffer = grown(buffer);
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
      if (bytesRead === 0) break;
      const stop = filled + bytesRead;
      const view = buffer.subarray(0, stop);
      let start = first && startsWithByteOrderMark(view) ? 3 : 0;
      first = false;
      if (skipping) {
        const newline = view.indexOf(LF, start);
        if (newline === -1) {
          filled = 0;
          searched = 0;
          await afterChunk?.();
          continue;
        }
        skipping = false;
        start = newline + 1;
      }
      let from = Math.max(start, searched);
      for (let newline = view.indexOf(LF, from); newline !== -1; newline = view.indexOf(LF, from)) {
        lineNumber += 1;
        if (newline - start > maxLineBytes) onLongLine?.(lineNumber);
        else onLine(buffer, start, withoutCarriageReturn(buffer, start, newline), lineNumber);
        start = newline + 1;
        from = start;
      }
      filled = stop - start;
      searched = filled;
      if (filled > maxLineBytes) {
        lineNumber += 1;
        onLongLine?.(lineNumber);
        skipping = true;
        filled = 0;
        searched = 0;
      } else if (buffer.length > READ_BYTES && filled < READ_BYTES) {
        // After a long line, back to the usual size: reads stay small, and so do the batches they fill.
        const usual = Buffer.allocUnsafeSlow(READ_BYTES);
        buffer.copy(usual, 0, start, stop);
        buffer = usual;
      } else if (start > 0) {
        buffer.copy(buffer, 0, start, stop);
      }
      const wait = afterChunk?.();
      if (wait !== undefined) await wait;
    }
    if (filled > 0) {
      lineNumber += 1;
      onLine(buffer, 0, withoutCarriageReturn(buffer, 0, filled), lineNumber);
    }
    return lineNumber;
  } finally {
    await handle.close();
  }
}

/** A line longer than the buffer: twice the room, the unfinished line kept. */
function grown(buffer: Buffer): Buffer<ArrayBuffer> {
  const larger = Buffer.allocUnsafeSlow(buffer.length * 2);
  buffer.copy(larger);
  return larger;
}

function startsWithByteOrderMark(bytes: Buffer): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

function withoutCarriageReturn(bytes: Buffer, start: number, end: number): number {
  return end > start && bytes[end - 1] === CR ? end - 1 : end;
}
