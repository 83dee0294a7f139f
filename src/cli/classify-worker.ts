/**
 * One partition of a parallel `classify` run (a worker thread): takes the lines the main thread routes to
 * it (and reads Bundle files itself), keeps only its patients, assesses them in patient-id order and sends
 * the formatted results to the main thread in batches, never more than {@link MAX_UNACKNOWLEDGED} ahead of
 * what the main thread has written.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Channel } from './channel.js';
import { Cohort } from './cohort.js';
import { InputReport } from './input-report.js';
import { fullGarbageCollector } from './full-gc.js';
import { forEachLine } from './line-router.js';
import { inShard, partitionOf } from './partition.js';
import { patientLine } from './patient-line.js';
import {
  finishFile,
  readInputFile,
  readNdjsonLine,
  reportLongLine,
  type ReadContext,
} from './read-inputs.js';
import {
  toWorkerSchema,
  workerInputSchema,
  type FromWorker,
  type ToWorker,
  type WorkerInput,
} from './worker-protocol.js';

/** What the reading loop takes; results acknowledgements are handled as they arrive. */
type InputMessage = Exclude<ToWorker, { type: 'results-written' }>;

const BATCH = 128;
const MAX_UNACKNOWLEDGED = 8;

async function run(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('classify-worker must run in a worker thread');
  const input = workerInputSchema.parse(workerData);
  const send = (message: FromWorker, transfer: ArrayBuffer[] = []): void =>
    port.postMessage(message, transfer);
  const inbox = new Channel<InputMessage>();
  const results = new ResultsWindow();
  port.on('message', (raw: unknown) => {
    const message = toWorkerSchema.parse(raw);
    if (message.type === 'results-written') results.written();
    else inbox.push(message);
  });

  // A spill run's workers stay for its next partition (see ToWorker's `next-partition`).
  const spill = input.partition.primary !== undefined;
  let collectGarbage: (() => void) | undefined;
  let job: PartitionJob = { primary: input.partition.primary, shard: input.shard };
  for (;;) {
    await classifyPartition(input, job, inbox, results, send);
    if (!spill) break;
    const next = await inbox.next();
    if (next.type !== 'next-partition') throw new Error(`unexpected ${next.type} between partitions`);
    job = { primary: next.primary, shard: next.shard };
    collectGarbage ??= fullGarbageCollector();
    collectGarbage();
  }
  port.close();
}

/** What changes from one spill partition to the next. */
interface PartitionJob {
  primary: boolean | undefined;
  shard: WorkerInput['shard'];
}

/** Reads this worker's share of one partition's input, then assesses it and sends the results. */
async function classifyPartition(
  input: WorkerInput,
  job: PartitionJob,
  inbox: Channel<InputMessage>,
  results: ResultsWindow,
  send: (message: FromWorker, transfer?: ArrayBuffer[]) => void,
): Promise<void> {
  const { index, count } = input.partition;
  const cohort = new Cohort(
    input.siteCodes,
    (patientId) => partitionOf(patientId, count) === index && inShard(patientId, job.shard),
  );
  const report = new InputReport({ write: () => true }, true);
  let lastProgress = 0;
  const onProgress = (): void => {
    const now = Date.now();
    if (now - lastProgress < 200) return;
    lastProgress = now;
    send({ type: 'progress', resources: report.resources, patients: cohort.patientCount });
  };
  const partition = job.primary === undefined ? { index, count } : { index, count, primary: job.primary };
  await readRoutedInput(input, inbox, { cohort, report, partition, onProgress }, send);
  send({ type: 'read', report: report.snapshot(), patients: cohort.patientCount });
  await assessAndSend(cohort, input, results, send);
}

/** Reads what the main thread sends until `end`, in the order sent. */
async function readRoutedInput(
  input: WorkerInput,
  inbox: Channel<InputMessage>,
  context: ReadContext,
  send: (message: FromWorker, transfer?: ArrayBuffer[]) => void,
): Promise<void> {
  for (;;) {
    const message = await inbox.next();
    if (message.type === 'end') return;
    if (message.type === 'next-partition') throw new Error('next-partition while reading');
    const file = input.files[message.file];
    if (file === undefined) throw new Error(`no input file ${message.file}`);
    if (message.type === 'bundle-file') {
      await readInputFile(file, context);
    } else if (message.type === 'lines') {
      forEachLine(message, (line, lineNumber, namedHere) =>
        readNdjsonLine(file.path, line, lineNumber, context, namedHere),
      );
      const memory = message.bytes.buffer;
      send({ type: 'lines-read', memory }, [memory]);
      context.onProgress?.();
    } else if (message.type === 'line-too-long') {
      reportLongLine(file.path, message.line, context);
    } else {
      finishFile(file.path, context, message.error);
    }
  }
}

async function assessAndSend(
  cohort: Cohort,
  input: WorkerInput,
  results: ResultsWindow,
  send: (message: FromWorker, transfer?: ArrayBuffer[]) => void,
): Promise<void> {
  let batch = new ResultBatch();
  const failures: string[] = [];
  const flush = async (): Promise<void> => {
    await results.room();
    const message = batch.toMessage();
    send(message, [message.text.buffer, message.ends.buffer]);
    batch = new ResultBatch();
  };
  for (const patientId of cohort.sortedPatientIds()) {
    const record = cohort.takeRecord(patientId);
    if (record === undefined) continue;
    try {
      batch.add(patientId, patientLine(record, { asOf: input.asOf, site: input.site }, input.format));
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
    if (batch.size >= BATCH) await flush();
  }
  if (batch.size > 0) await flush();
  send({ type: 'done', failures });
}

/** Formatted results gathered for one `results` message. */
class ResultBatch {
  private readonly patientIds: string[] = [];
  private readonly texts: string[] = [];

  get size(): number {
    return this.patientIds.length;
  }

  add(patientId: string, text: string): void {
    this.patientIds.push(patientId);
    this.texts.push(text);
  }

  /** Encoded here, in the partition, so the main thread only copies bytes to the output. */
  toMessage(): Extract<FromWorker, { type: 'results' }> {
    const ends = new Int32Array(this.texts.length);
    let total = 0;
    this.texts.forEach((text, index) => (ends[index] = total += Buffer.byteLength(text, 'utf8')));
    const bytes = Buffer.allocUnsafeSlow(total);
    this.texts.forEach((text, index) => bytes.write(text, index === 0 ? 0 : (ends[index - 1] ?? 0), 'utf8'));
    return {
      type: 'results',
      patientIds: this.patientIds,
      text: new Uint8Array(bytes.buffer, 0, total),
      ends,
    };
  }
}

/** Result batches sent but not yet written by the main thread, at most {@link MAX_UNACKNOWLEDGED}. */
class ResultsWindow {
  private unacknowledged = 0;
  private wakeUp: (() => void) | undefined;

  async room(): Promise<void> {
    while (this.unacknowledged >= MAX_UNACKNOWLEDGED)
      await new Promise<void>((resolve) => (this.wakeUp = resolve));
    this.unacknowledged += 1;
  }

  written(): void {
    this.unacknowledged -= 1;
    const wakeUp = this.wakeUp;
    this.wakeUp = undefined;
    wakeUp?.();
  }
}

await run();
