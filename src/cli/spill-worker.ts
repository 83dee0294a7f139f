/** The worker thread of spill-halves.ts: spills the second halves of a job's input files, then reports. */
import { parentPort, workerData } from 'node:worker_threads';
import { halvesJobSchema, spillHalves, type FromSpillWorker } from './spill-halves.js';
import { isSpillFailure } from './spill-writer.js';

const port = parentPort;
if (port === null) throw new Error('spill-worker must run in a worker thread');
let stopped = false;
port.on('message', (message: unknown) => {
  if (message === 'stop') stopped = true;
});
let reply: FromSpillWorker;
try {
  const result = await spillHalves(halvesJobSchema.parse(workerData), () => stopped);
  reply = { type: 'done', result };
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  reply = { type: 'failed', message, spillFailure: isSpillFailure(error) };
}
port.postMessage(reply);
port.close();
