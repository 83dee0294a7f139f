/**
 * Where a large input file is cut in two for the two threads of a spill pass (spill-writer.ts): just after
 * the first line end past its middle, so that each half holds whole lines.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { LF } from './byte-lines.js';

const SEARCH_BYTES = 64 * 1024;
/** A line this long around the middle (none in a FHIR export) leaves the file whole. */
const MAX_SEARCH_BYTES = 4 * 1024 * 1024;

/**
 * The byte offset where the second half starts (after a line end, before the end of the file), or
 * undefined when there is no line end within {@link MAX_SEARCH_BYTES} past the middle.
 */
export async function splitAfterMiddle(path: string, size: number): Promise<number | undefined> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
    const buffer = Buffer.allocUnsafe(SEARCH_BYTES);
    const middle = Math.floor(size / 2);
    for (let at = middle; at < size && at - middle < MAX_SEARCH_BYTES;) {
      const { bytesRead } = await handle.read(buffer, 0, SEARCH_BYTES, at);
      if (bytesRead === 0) return undefined;
      const newline = buffer.subarray(0, bytesRead).indexOf(LF);
      if (newline !== -1) return at + newline + 1 < size ? at + newline + 1 : undefined;
      at += bytesRead;
    }
    return undefined;
  } catch {
    return undefined; // reading the file whole will say why it cannot be read
  } finally {
    await handle?.close();
  }
}
