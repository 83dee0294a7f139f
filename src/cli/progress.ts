/**
 * A one-line progress display on stderr, only when stderr is a terminal (never in logs or pipes).
 * Messages written through {@link Progress.messages} clear the line first so they stay readable.
 */
import type { MessageSink } from './input-report.js';

export interface TerminalStream extends MessageSink {
  isTTY?: boolean;
}

const CLEAR_LINE = '\r\x1b[K';
const REDRAW_MS = 250;

export class Progress {
  private readonly enabled: boolean;
  private lastDrawn = 0;
  private showing = false;

  constructor(
    private readonly stderr: TerminalStream,
    private readonly clock: () => number = Date.now,
  ) {
    this.enabled = stderr.isTTY === true;
  }

  /** Redraws at most every 250 ms; `describe` is only called when a redraw happens. */
  update(describe: () => string): void {
    if (!this.enabled) return;
    const now = this.clock();
    if (this.showing && now - this.lastDrawn < REDRAW_MS) return;
    this.lastDrawn = now;
    this.showing = true;
    this.stderr.write(`${CLEAR_LINE}${describe()}`);
  }

  clear(): void {
    if (!this.showing) return;
    this.stderr.write(CLEAR_LINE);
    this.showing = false;
  }

  /** A sink for messages that must not be garbled by the progress line. */
  get messages(): MessageSink {
    return {
      write: (text: string) => {
        this.clear();
        return this.stderr.write(text);
      },
    };
  }
}
