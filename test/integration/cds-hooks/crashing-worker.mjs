// A patient-view worker (same protocol and task code as the compiled one) that dies of an uncaught
// exception on a call whose body holds "crash-this-worker": for the worker-pool recovery test.
import { parentPort } from 'node:worker_threads';
import { runPatientViewTask } from '../../../dist/cds-hooks/patient-view-task.js';

parentPort.on('message', ({ id, task }) => {
  if (Buffer.from(task.body).toString('utf8').includes('crash-this-worker')) {
    throw new Error('worker crash for the recovery test');
  }
  runPatientViewTask(task).then(
    (result) => parentPort.postMessage({ id, result }),
    (error) => parentPort.postMessage({ id, failed: error.name }),
  );
});
parentPort.postMessage({ ready: true });
