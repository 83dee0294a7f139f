/**
 * A buffer over a file read front to back: the unread bytes are `buffer[start, filled)`. Both pull
 * readers of the CLI (line-cursor.ts for text lines, spill-records.ts for spill records) take what they
 * need from the front and call {@link FileWindow.refill} when the window holds less than that.
 */
import type { FileHandle } from 'node:fs/promises';

export class FileWindow {
  buffer: Buffer;
  start = 0;
  filled = 0;
  private ended = false;

  constructor(
    private readonly handle: FileHandle,
    size: number,
  ) {
    this.buffer = Buffer.allocUnsafeSlow(size);
  }

  get available(): number {
    return this.filled - this.start;
  }

  /**
   * Moves the unread bytes to the front, into a buffer of `needed` bytes when this one is smaller, and
   * reads more after them; false when nothing more could be read (the end of the file).
   */
  async refill(needed: number): Promise<boolean> {
    if (this.ended) return false;
    const rest = this.available;
    const next = needed > this.buffer.length ? Buffer.allocUnsafeSlow(needed) : this.buffer;
    this.buffer.copy(next, 0, this.start, this.filled);
    this.buffer = next;
    this.start = 0;
    this.filled = rest;
    const { bytesRead } = await this.handle.read(next, rest, next.length - rest, null);
    this.filled += bytesRead;
    if (bytesRead === 0) this.ended = true;
    return bytesRead > 0;
  }
}
