import { Writable } from 'node:stream';

/** A stream that keeps what a command wrote, for tests to read (stdout, or stderr with `isTTY`). */
export class Capture extends Writable {
  text = '';
  constructor(readonly isTTY = false) {
    super();
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}
