/**
 * One partition of a parallel `classify` run (a worker thread): reads every input file, keeps only its
 * patients, assesses them in patient-id order and sends the formatted results to the main thread in
 * batches, never more than {@link MAX_UNACKNOWLEDGED} ahead of what the main thread has written.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { assess } from '../core/assess.js';
import { Cohort } from './cohort.js';
import { InputReport } from './input-report.js';
import { formatAssessment } from './output.js';
import { partitionOf } from './partition.js';
import { readInputFile } from './read-inputs.js';
import { workerInputSchema, type FromWorker } from './worker-protocol.js';

const BATCH = 128;
const MAX_UNACKNOWLEDGED = 8;

async function run(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('classify-worker must run in a worker thread');
  const input = workerInputSchema.parse(workerData);
  const send = (message: FromWorker): void => port.postMessage(message);
  const { index, count } = input.partition;
  const cohort = new Cohort(input.siteCodes, (patientId) => partitionOf(patientId, count) === index);
  const report = new InputReport({ write: () => true }, true);
  let lastProgress = 0;
  const onProgress = (): void => {
    const now = Date.now();
    if (now - lastProgress < 200) return;
    lastProgress = now;
    send({ type: 'progress', resources: report.resources, patients: cohort.patientCount });
  };
  for (const file of input.files)
    await readInputFile(file, { cohort, report, partition: input.partition, onProgress });
  send({ type: 'read', report: report.snapshot(), patients: cohort.patientCount });

  let unacknowledged = 0;
  let wakeUp: (() => void) | undefined;
  port.on('message', (message: unknown) => {
    if (z.literal('ack').safeParse(message).success) {
      unacknowledged -= 1;
      wakeUp?.();
    }
  });
  let batch: [string, string][] = [];
  const failures: string[] = [];
  const flush = async (): Promise<void> => {
    while (unacknowledged >= MAX_UNACKNOWLEDGED) await new Promise<void>((resolve) => (wakeUp = resolve));
    unacknowledged += 1;
    send({ type: 'results', items: batch });
    batch = [];
  };
  for (const patientId of cohort.sortedPatientIds()) {
    const record = cohort.takeRecord(patientId);
    if (record === undefined) continue;
    try {
      const assessment = assess(record, { asOf: input.asOf, site: input.site });
      batch.push([patientId, formatAssessment(assessment, input.format)]);
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
    if (batch.length >= BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  send({ type: 'done', failures });
  port.close();
}

await run();
