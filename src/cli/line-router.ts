/**
 * The reading side of a parallel `classify` run, on the main thread: every NDJSON file is read and split
 * into lines once, and each line goes to the partition of its patient when the text names the patient
 * (partition.ts), else to every partition. The partitions only parse and map, so no thread reads, decodes
 * or scans the whole export a second time. Lines travel in batches of about a megabyte, and reading waits
 * while a partition has {@link MAX_BATCHES_IN_FLIGHT} batches it has not read yet, so memory stays bounded
 * however far the partitions fall behind.
 */
import type { InputFile } from './input-files.js';
import { describeFsError } from './input-files.js';
import { readLines } from './line-reader.js';
import { partitionOf, patientOfLine } from './partition.js';
import type { LinesMessage, ToWorker } from './worker-protocol.js';

const BATCH_CHARS = 1 << 20;
const MAX_BATCHES_IN_FLIGHT = 4;

/** Where one partition's messages go. */
export interface LaneInbox {
  post(message: ToWorker, transfer?: ArrayBuffer[]): void;
}

class Batch {
  lines: string[] = [];
  lineNumbers: number[] = [];
  namedHere: number[] = [];
  chars = 0;
}

export class LineRouter {
  private readonly batches: Batch[];
  private readonly inFlight: number[];
  private wakeUp: (() => void) | undefined;
  private stopped = false;
  private file = 0;

  constructor(private readonly lanes: readonly LaneInbox[]) {
    this.batches = lanes.map(() => new Batch());
    this.inFlight = lanes.map(() => 0);
  }

  /** Sends every file to the partitions in reading order, then `end`. Never throws for unreadable input. */
  async routeAll(files: readonly InputFile[]): Promise<void> {
    for (const [index, file] of files.entries()) {
      if (this.stopped) return;
      if (file.kind === 'bundle') {
        this.broadcast({ type: 'bundle-file', file: index });
        continue;
      }
      this.file = index;
      let error: string | undefined;
      try {
        await readLines(
          file.path,
          (line, lineNumber) => this.route(line, lineNumber),
          () => this.whenLanesHaveRoom(),
        );
      } catch (failure) {
        error = describeFsError(failure);
      }
      if (this.stopped) return;
      this.lanes.forEach((_, lane) => this.send(lane));
      this.broadcast(
        error === undefined
          ? { type: 'ndjson-end', file: index }
          : { type: 'ndjson-end', file: index, error },
      );
    }
    this.broadcast({ type: 'end' });
  }

  /** A partition has read one batch. */
  batchRead(lane: number): void {
    this.inFlight[lane] = (this.inFlight[lane] ?? 1) - 1;
    this.wake();
  }

  /** The run is over (done, failed, or the output closed): stop reading. */
  stop(): void {
    this.stopped = true;
    this.wake();
  }

  private route(line: string, lineNumber: number): void {
    if (line.length === 0) return; // every partition would skip it
    const patient = this.lanes.length > 1 ? patientOfLine(line) : undefined;
    if (patient !== undefined) {
      this.add(partitionOf(patient, this.lanes.length), line, lineNumber, 1);
    } else {
      for (let lane = 0; lane < this.lanes.length; lane += 1) this.add(lane, line, lineNumber, 0);
    }
  }

  private add(lane: number, line: string, lineNumber: number, namedHere: number): void {
    const batch = this.batches[lane];
    if (batch === undefined) return;
    batch.lines.push(line);
    batch.lineNumbers.push(lineNumber);
    batch.namedHere.push(namedHere);
    batch.chars += line.length + 1;
    if (batch.chars >= BATCH_CHARS) this.send(lane);
  }

  private send(lane: number): void {
    const batch = this.batches[lane];
    const inbox = this.lanes[lane];
    if (batch === undefined || inbox === undefined || batch.lines.length === 0) return;
    this.batches[lane] = new Batch();
    const message: LinesMessage = {
      type: 'lines',
      file: this.file,
      // An array of lines costs a third of joining them here and splitting them there.
      lines: batch.lines,
      lineNumbers: Int32Array.from(batch.lineNumbers),
      namedHere: Uint8Array.from(batch.namedHere),
    };
    this.inFlight[lane] = (this.inFlight[lane] ?? 0) + 1;
    inbox.post(message, [message.lineNumbers.buffer as ArrayBuffer, message.namedHere.buffer as ArrayBuffer]);
  }

  private broadcast(message: ToWorker): void {
    for (const inbox of this.lanes) inbox.post(message);
  }

  /**
   * Undefined when every partition can take more; else a promise that settles when they can. Rejects once
   * the run is stopped, which ends the reading of the file.
   */
  private whenLanesHaveRoom(): Promise<void> | undefined {
    if (this.stopped) return Promise.reject(new Error('stopped'));
    if (!this.isFull()) return undefined;
    return new Promise<void>((resolve) => {
      this.wakeUp = resolve;
    });
  }

  private isFull(): boolean {
    return !this.stopped && this.inFlight.some((count) => count >= MAX_BATCHES_IN_FLIGHT);
  }

  private wake(): void {
    if (this.isFull()) return;
    const wakeUp = this.wakeUp;
    this.wakeUp = undefined;
    wakeUp?.();
  }
}

/**
 * Calls `onLine` for each line of a `lines` message. Throws when lines and line numbers disagree (an
 * internal error: the run must not go on with misnumbered lines).
 */
export function forEachLine(
  message: LinesMessage,
  onLine: (line: string, lineNumber: number, namedHere: boolean) => void,
): void {
  const { lines, lineNumbers, namedHere } = message;
  if (lines.length !== lineNumbers.length || lines.length !== namedHere.length)
    throw new Error('a batch of lines does not match its line numbers');
  for (let index = 0; index < lines.length; index += 1)
    onLine(lines[index] ?? '', lineNumbers[index] ?? 0, namedHere[index] === 1);
}
