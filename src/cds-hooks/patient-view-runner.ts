/**
 * Where `patient-view` calls are answered: in a pool of worker threads (the default), so parsing,
 * mapping and assessing use every core while the main thread keeps HTTP, CORS, JWT checks and the
 * one jti replay cache; or on the main thread with `workers: 0` (and whenever tests inject
 * dependencies, which cannot cross to another thread).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { CdsServerConfig } from './config.js';
import type { PatientViewSettings, ServiceAnswer } from './patient-view.js';
import { answerPatientViewBody, serviceAnswerSchema, type PatientViewTask } from './patient-view-task.js';
import { WorkerPool } from './worker-pool.js';

export interface PatientViewRunner {
  answer(body: Uint8Array<ArrayBuffer>): Promise<ServiceAnswer>;
  close(): Promise<void>;
}

/** More workers than this gain nothing for one service and cost memory (one heap each). */
const MAX_DEFAULT_WORKERS = 4;

/** The compiled worker beside this module (dist/); uncompiled sources have none to start. */
export const PATIENT_VIEW_WORKER = new URL('./patient-view-worker.js', import.meta.url);

/**
 * How many workers to run: the configured number; else none on a machine of two cores or fewer
 * (measured: handing calls to a worker there raised p99 from ~190 ms to ~250 ms at 50 clients, as
 * the workers compete with the main thread), and one per core beyond the first, up to four, on larger ones.
 */
export function workerCount(config: CdsServerConfig): number {
  const injected = config.dependencies !== undefined || config.uuid !== undefined;
  if (config.workers !== undefined) {
    if (!Number.isInteger(config.workers) || config.workers < 0)
      throw new Error('workers must be a whole number, 0 or more.');
    if (config.workers > 0 && injected)
      throw new Error('Injected dependencies or uuids run on the main thread only: set workers to 0.');
    return config.workers;
  }
  // Running from the TypeScript sources (tests) there is no compiled worker to start.
  if (injected || import.meta.url.endsWith('.ts')) return 0;
  return defaultWorkers(availableParallelism());
}

export function defaultWorkers(cores: number): number {
  return cores <= 2 ? 0 : Math.min(cores - 1, MAX_DEFAULT_WORKERS);
}

export function createPatientViewRunner(
  config: CdsServerConfig,
  settings: PatientViewSettings,
  log: (line: string) => void,
): PatientViewRunner {
  const size = workerCount(config);
  if (size === 0) {
    return { answer: (body) => answerPatientViewBody(body, settings), close: async () => undefined };
  }
  const script = config.workerScript ?? PATIENT_VIEW_WORKER;
  if (!existsSync(fileURLToPath(script))) {
    throw new Error(
      `The patient-view worker ${fileURLToPath(script)} does not exist: build with npm run build:node, or set workers to 0.`,
    );
  }
  const pool = new WorkerPool(script, size, (reason) => log(`patient-view worker replaced (${reason})`));
  return {
    async answer(body) {
      const task: PatientViewTask = {
        body,
        asOf: settings.today(),
        ...(settings.appLaunchUrl !== undefined ? { appLaunchUrl: settings.appLaunchUrl } : {}),
        allowPlainHttpFhir: settings.allowPlainHttpFhir === true,
      };
      // The body's own buffer moves to the worker: no copy of a prefetch that can be megabytes.
      return serviceAnswerSchema.parse(await pool.run(task, [body.buffer]));
    },
    close: () => pool.close(),
  };
}
