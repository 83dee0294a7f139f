/**
 * The demo EHR on a thread of its own for the browser benchmarks, as a real EHR runs apart from the
 * browser: on the benchmark's main thread it would wait whenever the browser driver handles its
 * messages, and the EHR's answers would be timed with the driver's work in them. The main thread asks
 * the EHR for launch contexts by message.
 *
 *   const sandbox = await startSandboxThread(sandboxModule, { appDir });
 *   const launch = await sandbox.createLaunch('aih-ada');
 */
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

const THREAD_SOURCE = `
import { parentPort, workerData } from 'node:worker_threads';
const { startSandbox } = await import(workerData.sandboxModule);
const sandbox = await startSandbox(workerData.options);
parentPort.on('message', async ({ id, kind, patientId }) => {
  if (kind === 'launch') parentPort.postMessage({ id, launch: sandbox.context.sessions.createLaunch(patientId) });
  if (kind === 'close') {
    await sandbox.close();
    parentPort.postMessage({ id });
  }
});
parentPort.postMessage({ started: { appUrl: sandbox.appUrl, fhirBase: sandbox.fhirBase } });
`;

export function startSandboxThread(sandboxModule, options) {
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(THREAD_SOURCE)}`), {
    workerData: { sandboxModule: pathToFileURL(sandboxModule).href, options },
  });
  let nextId = 0;
  const pending = new Map();
  const ask = (message) =>
    new Promise((resolve) => {
      nextId += 1;
      pending.set(nextId, resolve);
      worker.postMessage({ ...message, id: nextId });
    });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (message) => {
      if (message.started) {
        resolve({
          ...message.started,
          createLaunch: async (patientId) => (await ask({ kind: 'launch', patientId })).launch,
          close: async () => {
            await ask({ kind: 'close' });
            await worker.terminate();
          },
        });
        return;
      }
      pending.get(message.id)?.(message);
      pending.delete(message.id);
    });
  });
}
