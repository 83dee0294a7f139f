/**
 * Where an NDJSON file's lines come from: the file on disk, or a stream of bytes such as a Bulk Data
 * download being received (both split by byte-lines.ts, into the same lines with the same numbers).
 */
import { readByteLines, type ByteLineHandler, type ByteLineOptions } from './byte-lines.js';

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
