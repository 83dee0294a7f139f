/**
 * Reads a text file one line at a time, on demand (a pull, unlike readline, which keeps reading ahead while
 * the lines wait in memory): a k-way merge of large files holds about one buffer per file. Lines end with
 * LF or CRLF; a last line without a line end counts. Lines come as bytes, not decoded: a merge only needs
 * to read the start of each.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { CR, LF } from './byte-lines.js';
import { FileWindow } from './file-window.js';

export class LineCursor {
  private readonly window: FileWindow;

  private constructor(
    private readonly handle: FileHandle,
    windowBytes: number,
  ) {
    this.window = new FileWindow(handle, windowBytes);
  }

  /** @param windowBytes how much of the file is read at a time (a longer line grows it). */
  static async open(path: string, windowBytes: number): Promise<LineCursor> {
    return new LineCursor(await open(path, 'r'), windowBytes);
  }

  /**
   * The next line's bytes (without its line end), valid until the next call; undefined at the end of the
   * file.
   */
  async next(): Promise<Buffer | undefined> {
    const window = this.window;
    let searched = window.start;
    for (;;) {
      const newline = window.buffer.subarray(0, window.filled).indexOf(LF, searched);
      if (newline !== -1) return this.take(newline, newline + 1);
      // What is unread moves to the front of the buffer: all of it searched already.
      searched = window.available;
      // A line longer than the buffer doubles it.
      const full = window.available === window.buffer.length;
      if (!(await window.refill(full ? window.buffer.length * 2 : 0))) {
        return window.available === 0 ? undefined : this.take(window.filled, window.filled);
      }
    }
  }

  private take(end: number, next: number): Buffer {
    const { buffer, start } = this.window;
    const stop = end > start && buffer[end - 1] === CR ? end - 1 : end;
    this.window.start = next;
    return buffer.subarray(start, stop);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
