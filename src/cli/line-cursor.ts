/**
 * Reads a text file one line at a time, on demand (a pull, unlike readline, which keeps reading ahead while
 * the lines wait in memory): a k-way merge of large files holds about one buffer per file. Lines end with
 * LF or CRLF; a last line without a line end counts.
 */
import { open, type FileHandle } from 'node:fs/promises';

const READ_BYTES = 1 << 16;
const LF = 0x0a;
const CR = 0x0d;

export class LineCursor {
  private buffer = Buffer.allocUnsafe(READ_BYTES);
  private start = 0;
  private filled = 0;
  private ended = false;

  private constructor(private readonly handle: FileHandle) {}

  static async open(path: string): Promise<LineCursor> {
    return new LineCursor(await open(path, 'r'));
  }

  /** The next line (UTF-8, without its line end), or undefined at the end of the file. */
  async next(): Promise<string | undefined> {
    let searched = this.start;
    for (;;) {
      const newline = this.buffer.subarray(0, this.filled).indexOf(LF, searched);
      if (newline !== -1) return this.take(newline, newline + 1);
      // What is unread moves to the front of the buffer: all of it searched already.
      searched = this.filled - this.start;
      if (this.ended || !(await this.read())) {
        return this.start === this.filled ? undefined : this.take(this.filled, this.filled);
      }
    }
  }

  private take(end: number, next: number): string {
    const stop = end > this.start && this.buffer[end - 1] === CR ? end - 1 : end;
    const line = this.buffer.toString('utf8', this.start, stop);
    this.start = next;
    return line;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  /** Moves the unread bytes to the front (or into a larger buffer) and reads more; false at the end. */
  private async read(): Promise<boolean> {
    const rest = this.filled - this.start;
    const target = rest === this.buffer.length ? Buffer.allocUnsafe(this.buffer.length * 2) : this.buffer;
    this.buffer.copy(target, 0, this.start, this.filled);
    this.buffer = target;
    this.start = 0;
    this.filled = rest;
    const { bytesRead } = await this.handle.read(target, rest, target.length - rest, null);
    this.filled += bytesRead;
    if (bytesRead === 0) this.ended = true;
    return bytesRead > 0;
  }
}
