// A worker (worker-pool protocol) that keeps allocating until its heap limit stops it: for the test
// that worker threads run with resourceLimits.
import { parentPort } from 'node:worker_threads';

parentPort.on('message', ({ id, task }) => {
  if (task === 'eat') {
    const kept = [];
    for (;;) kept.push(new Array(1_000_000).fill(kept.length));
  }
  parentPort.postMessage({ id, result: 'fine' });
});
parentPort.postMessage({ ready: true });
