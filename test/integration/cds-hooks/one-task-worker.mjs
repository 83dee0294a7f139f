// A patient-view worker (same protocol and task code as the compiled one) that answers its first task
// after a pause and dies of any second one: for the test that calls bringing the same prefetch together
// are mapped once.
import { parentPort } from 'node:worker_threads';
import { runPatientViewTask } from '../../../dist/cds-hooks/patient-view-task.js';

let tasks = 0;
parentPort.on('message', ({ id, task }) => {
  tasks += 1;
  if (tasks > 1) throw new Error('a second task for the one-task worker');
  // The pause keeps the first task under way while the other calls arrive.
  setTimeout(() => {
    runPatientViewTask(task).then(
      (result) => parentPort.postMessage({ id, result }),
      (error) => parentPort.postMessage({ id, failed: error.name }),
    );
  }, 300);
});
parentPort.postMessage({ ready: true });
