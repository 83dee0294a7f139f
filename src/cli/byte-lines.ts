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
 * No FHIR resource line is this long; a longer one (a whole export written as one line?) is refused, and
 * the file reported as unreadable, as a line too long for a string is by line-reader.ts.
 */
export const MAX_LINE_BYTES = 256 * 1024 * 1024;
const LF = 0x0a;
const CR = 0x0d;

export async function readByteLines(
  path: string,
  onLine: ByteLineHandler,
  afterChunk?: () => Promise<void> | undefined,
  maxLineBytes = MAX_LINE_BYTES,
): Promise<number> {
  const handle = await open(path, 'r');
  try {
    let buffer: Buffer<ArrayBuffer> = Buffer.allocUnsafeSlow(READ_BYTES);
    let filled = 0; // bytes of an unfinished line at the start of the buffer
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
      for (let newline = view.indexOf(LF, start); newline !== -1; newline = view.indexOf(LF, start)) {
        lineNumber += 1;
        if (newline - start > maxLineBytes) throw tooLong(lineNumber, maxLineBytes);
        onLine(buffer, start, withoutCarriageReturn(buffer, start, newline), lineNumber);
        start = newline + 1;
      }
      filled = stop - start;
      if (filled > maxLineBytes) throw tooLong(lineNumber + 1, maxLineBytes);
      // After a long line, back to the usual size: reads stay small, and so do the batches they fill.
      if (buffer.length > READ_BYTES && filled < READ_BYTES) {
        const usual = Buffer.allocUnsafeSlow(READ_BYTES);
        buffer.copy(usual, 0, start, stop);
        buffer = usual;
      } else {
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

function tooLong(lineNumber: number, maxLineBytes: number): RangeError {
  return new RangeError(`line ${lineNumber} is longer than ${maxLineBytes} bytes`);
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
