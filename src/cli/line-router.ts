/**
 * The reading side of a parallel `classify` run, on the main thread: every NDJSON file is read and split
 * into lines once, as bytes, and each line goes to the partition of its patient when the text names the
 * patient (partition.ts), else to every partition. The partitions decode, parse and map only their lines,
 * so no thread reads, decodes or scans the whole export a second time. Lines travel as bytes in batches of
 * about a megabyte whose memory moves to the partition and back (never copied between threads), and
 * reading waits while a partition has {@link MAX_BATCHES_IN_FLIGHT} batches it has not read yet, so memory
 * stays bounded however far the partitions fall behind.
 */
import type { InputFile } from './input-files.js';
import { describeFsError } from './input-files.js';
import { hashInShard, patientHashOfBytes, patientIdEnd, patientIdStart, type Shard } from './partition.js';
import { LF } from './byte-lines.js';
import { fileLines, SourceFailure, type LineSource } from './line-source.js';
import { readSpillRecords, RECORD, type SpillPath } from './spill-records.js';
import type { LinesMessage, ToWorker } from './worker-protocol.js';

const BATCH_BYTES = 1 << 20;
const MAX_BATCHES_IN_FLIGHT = 4;
const MAX_SPARE = 16;

/** Where one partition's messages go. */
export interface LaneInbox {
  post(message: ToWorker, transfer?: ArrayBuffer[]): void;
}

/** One partition's lines being gathered: their bytes, each followed by a line feed. */
class Batch {
  used = 0;
  lineEnds: number[] = [];
  lineNumbers: number[] = [];
  namedHere: number[] = [];
  constructor(readonly bytes: Buffer<ArrayBuffer>) {}
}

export class LineRouter {
  private readonly batches: Batch[];
  private readonly inFlight: number[];
  private waiting: { resolve: () => void; reject: (stopped: Error) => void } | undefined;
  private stopped = false;
  private file = 0;

  /** Batch memory the partitions have handed back, used again rather than left to the collector. */
  private readonly spare: ArrayBuffer[] = [];

  /** @param shard `--shard`: a line whose text names a patient of another shard goes nowhere. */
  constructor(
    private readonly lanes: readonly LaneInbox[],
    private readonly shard?: Shard,
  ) {
    this.batches = lanes.map(() => this.newBatch(BATCH_BYTES));
    this.inFlight = lanes.map(() => 0);
  }

  /**
   * Sends every file to the partitions in reading order, then `end`; a file's lines come from `sources`
   * when it is there (a download being streamed), else from the file on disk. Never throws for unreadable
   * input; throws when a source fails in a way that must stop the run.
   */
  async routeAll(files: readonly InputFile[], sources?: ReadonlyMap<InputFile, LineSource>): Promise<void> {
    for (const [index, file] of files.entries()) {
      if (this.stopped) return;
      if (file.kind === 'bundle') {
        this.broadcast({ type: 'bundle-file', file: index });
        continue;
      }
      this.file = index;
      let error: string | undefined;
      try {
        const lines = sources?.get(file) ?? fileLines(file.path);
        await lines((bytes, start, end, lineNumber) => this.route(bytes, start, end, lineNumber), {
          afterChunk: () => this.whenLanesHaveRoom(),
          // Reported by the first partition, which answers for what belongs to no patient.
          onLongLine: (line) => this.lanes[0]?.post({ type: 'line-too-long', file: index, line }),
        });
      } catch (failure) {
        if (failure instanceof SourceFailure) throw failure;
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

  /**
   * Sends a spill partition's records (spill-records.ts: its buckets and the common file, merged back into
   * input order) to the partitions as {@link routeAll} would have
   * sent the lines they came from, then `end`. Lines named by their text go by the patient hash written
   * with them, without a second look at the text.
   */
  async routeSpill(paths: readonly SpillPath[]): Promise<void> {
    const count = this.lanes.length;
    await readSpillRecords(
      paths,
      (record) => {
        if (this.stopped) return;
        const { kind, bytes, start, end, line } = record;
        this.file = record.file;
        if (kind === RECORD.namedLine) this.add(record.hash % count, bytes, start, end, line, 1);
        else if (kind === RECORD.unnamedLine)
          for (let lane = 0; lane < count; lane += 1) this.add(lane, bytes, start, end, line, 0);
        else if (kind === RECORD.longLine)
          this.lanes[0]?.post({ type: 'line-too-long', file: record.file, line });
        else if (kind === RECORD.bundleFile) this.broadcast({ type: 'bundle-file', file: record.file });
        else {
          this.lanes.forEach((_, lane) => this.send(lane));
          const error = end > start ? bytes.toString('utf8', start, end) : undefined;
          this.broadcast(
            error === undefined
              ? { type: 'ndjson-end', file: record.file }
              : { type: 'ndjson-end', file: record.file, error },
          );
        }
      },
      () => this.whenLanesHaveRoom(),
    );
    if (!this.stopped) this.broadcast({ type: 'end' });
  }

  /** A partition has read one batch, and may hand its memory back. */
  batchRead(lane: number, memory?: ArrayBuffer): void {
    this.inFlight[lane] = (this.inFlight[lane] ?? 1) - 1;
    if (memory !== undefined && memory.byteLength === BATCH_BYTES && this.spare.length < MAX_SPARE)
      this.spare.push(memory);
    this.wake();
  }

  /** The run is over (done, failed, or the output closed): stop reading. */
  stop(): void {
    this.stopped = true;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(new Error('stopped'));
  }

  private route(bytes: Buffer, start: number, end: number, lineNumber: number): void {
    if (end === start) return; // every partition would skip it
    const count = this.lanes.length;
    const idStart = count > 1 || this.shard ? patientIdStart(bytes, start, end) : -1;
    if (idStart !== -1) {
      const hash = patientHashOfBytes(bytes, idStart, patientIdEnd(bytes, idStart, end));
      if (this.shard && !hashInShard(hash, this.shard)) return;
      this.add(hash % count, bytes, start, end, lineNumber, 1);
    } else {
      for (let lane = 0; lane < this.lanes.length; lane += 1)
        this.add(lane, bytes, start, end, lineNumber, 0);
    }
  }

  private add(
    lane: number,
    bytes: Buffer,
    start: number,
    end: number,
    lineNumber: number,
    namedHere: number,
  ): void {
    const size = end - start + 1;
    let batch = this.batches[lane];
    if (batch === undefined) return;
    if (batch.used + size > batch.bytes.length) {
      this.send(lane);
      batch = this.batches[lane];
      if (batch === undefined) return;
      // Only a line longer than a batch needs room of its own.
      if (size > batch.bytes.length) {
        batch = this.newBatch(size);
        this.batches[lane] = batch;
      }
    }
    bytes.copy(batch.bytes, batch.used, start, end);
    batch.bytes[batch.used + size - 1] = LF;
    batch.lineEnds.push(batch.used + size - 1);
    batch.used += size;
    batch.lineNumbers.push(lineNumber);
    batch.namedHere.push(namedHere);
  }

  private send(lane: number): void {
    const batch = this.batches[lane];
    const inbox = this.lanes[lane];
    if (batch === undefined || inbox === undefined || batch.lineNumbers.length === 0) return;
    this.batches[lane] = this.newBatch(BATCH_BYTES);
    const message: LinesMessage = {
      type: 'lines',
      file: this.file,
      bytes: new Uint8Array(batch.bytes.buffer, 0, batch.used),
      lineEnds: Int32Array.from(batch.lineEnds),
      lineNumbers: Int32Array.from(batch.lineNumbers),
      namedHere: Uint8Array.from(batch.namedHere),
    };
    this.inFlight[lane] = (this.inFlight[lane] ?? 0) + 1;
    inbox.post(message, [
      batch.bytes.buffer,
      message.lineEnds.buffer,
      message.lineNumbers.buffer,
      message.namedHere.buffer,
    ]);
  }

  /** Room for at least `size` bytes: spare memory when it will do, else new memory of its own. */
  private newBatch(size: number): Batch {
    const spare = size <= BATCH_BYTES ? this.spare.pop() : undefined;
    // Never from Buffer's shared pool: the memory is handed over to the partition.
    return new Batch(spare ? Buffer.from(spare) : Buffer.allocUnsafeSlow(Math.max(size, BATCH_BYTES)));
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
    return new Promise<void>((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  private isFull(): boolean {
    return !this.stopped && this.inFlight.some((count) => count >= MAX_BATCHES_IN_FLIGHT);
  }

  private wake(): void {
    if (this.isFull()) return;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.resolve();
  }
}

/**
 * Decodes a `lines` message and calls `onLine` for each of its lines. Each line is decoded on its own:
 * small strings that die young, where one string for the whole batch (a megabyte) would outlive the
 * young generation and wait for a full collection. Throws when the batch is inconsistent (an internal
 * error: the run must not go on with misnumbered lines).
 */
export function forEachLine(
  message: LinesMessage,
  onLine: (line: string, lineNumber: number, namedHere: boolean) => void,
): void {
  const { lineEnds, lineNumbers, namedHere } = message;
  const bytes = Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength);
  if (lineEnds.length !== lineNumbers.length || lineEnds.length !== namedHere.length)
    throw new Error('a batch of lines is inconsistent');
  let start = 0;
  for (let index = 0; index < lineEnds.length; index += 1) {
    const end = lineEnds[index] ?? -1;
    if (end < start || bytes[end] !== LF) throw new Error('a batch of lines is inconsistent');
    // Whole lines only, so a character is never split.
    onLine(bytes.toString('utf8', start, end), lineNumbers[index] ?? 0, namedHere[index] === 1);
    start = end + 1;
  }
  if (start !== bytes.length) throw new Error('a batch of lines has bytes after its last line');
}
