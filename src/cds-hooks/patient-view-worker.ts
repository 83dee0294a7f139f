/**
 * Worker-thread entry of the `patient-view` service: parses, validates, reads the prefetch, maps
 * and assesses one call per message, off the thread that serves HTTP and verifies JWTs. Protocol:
 * see worker-pool.ts. Errors travel back by kind only: a message could quote patient data.
 */
import { parentPort } from 'node:worker_threads';
import { z } from 'zod';
import { patientViewTaskSchema, runPatientViewTask } from './patient-view-task.js';

const messageSchema = z.object({ id: z.number(), task: patientViewTaskSchema });
const idSchema = z.object({ id: z.number() });

const port = parentPort;
if (!port) throw new Error('patient-view-worker runs only as a worker thread.');

port.on('message', (message: unknown) => {
  const parsed = messageSchema.safeParse(message);
  if (!parsed.success) {
    const id = idSchema.safeParse(message);
    if (id.success) port.postMessage({ id: id.data.id, failed: 'InvalidTask' });
    return;
  }
  const { id, task } = parsed.data;
  runPatientViewTask(task).then(
    (result) => port.postMessage({ id, result }),
    (error: unknown) => port.postMessage({ id, failed: error instanceof Error ? error.name : 'unknown' }),
  );
});

port.postMessage({ ready: true });
