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
import type { CallerTrust, PatientViewSettings } from './patient-view.js';
import {
  answerPatientViewBody,
  serialise,
  serialisedAnswerSchema,
  type HookName,
  type PatientViewTask,
  type SerialisedAnswer,
} from './patient-view-task.js';
import { PrefetchCache } from './prefetch-cache.js';
import { WorkerPool } from './worker-pool.js';

export interface PatientViewRunner {
  /** Answers a hook call (patient-view unless `hook` says otherwise) for a caller. */
  answer(body: Uint8Array<ArrayBuffer>, caller: CallerTrust, hook?: HookName): Promise<SerialisedAnswer>;
  close(): Promise<void>;
}

/** More workers than this gain nothing for one service and cost memory (one heap each). */
const MAX_DEFAULT_WORKERS = 4;

/** The compiled worker beside this module (dist/); uncompiled sources have none to start. */
export const PATIENT_VIEW_WORKER = new URL('./patient-view-worker.js', import.meta.url);

/**
 * How many workers to run: the configured number; else one per core beyond the first, at least one
 * and at most four. Never none by default: an HTTP thread busy assessing accepts new connections late
 * (measured on 2 cores at 50 clients: calls on fresh connections waited up to 1 s with no worker,
 * at most 124 ms with one; two workers there only compete with the HTTP thread).
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
  return Math.max(1, Math.min(cores - 1, MAX_DEFAULT_WORKERS));
}

/**
 * One call's prefetch is at most 20 MB of JSON (routes.ts); a worker that needs more heap than this is
 * being attacked or broken, and is stopped and replaced (its calls answered 500) rather than let the
 * process grow until the machine swaps. The young generation is large because a worker holds dozens of
 * calls at once while their FHIR reads are under way: with a small one their parsed answers outlived two
 * scavenges and were promoted, and the GC threads used more than half as much CPU as the worker itself.
 */
export const PATIENT_VIEW_WORKER_LIMITS = { maxOldGenerationSizeMb: 768, maxYoungGenerationSizeMb: 128 };

export function createPatientViewRunner(
  config: CdsServerConfig,
  settings: PatientViewSettings,
  log: (line: string) => void,
): PatientViewRunner {
  const size = workerCount(config);
  if (size === 0) {
    // Per runner, not per process: injected dependencies map differently, and must not share records.
    const cache = new PrefetchCache();
    return {
      answer: async (body, caller, hook) =>
        serialise(await answerPatientViewBody(body, settings, caller, hook, cache)),
      close: async () => undefined,
    };
  }
  const script = config.workerScript ?? PATIENT_VIEW_WORKER;
  if (!existsSync(fileURLToPath(script))) {
    throw new Error(
      `The patient-view worker ${fileURLToPath(script)} does not exist: build with npm run build:node, or set workers to 0.`,
    );
  }
  const pool = new WorkerPool(script, size, (reason) => log(`patient-view worker replaced (${reason})`), {
    resourceLimits: PATIENT_VIEW_WORKER_LIMITS,
  });
  return {
    async answer(body, caller, hook) {
      const task: PatientViewTask = {
        body,
        ...(hook !== undefined ? { hook } : {}),
        asOf: settings.today(),
        ...(settings.appLaunchUrl !== undefined ? { appLaunchUrl: settings.appLaunchUrl } : {}),
        allowPlainHttpFhir: settings.allowPlainHttpFhir === true,
        ...(caller.fhirServers !== undefined ? { trustedFhirServers: [...caller.fhirServers] } : {}),
        ...(caller.issuer !== undefined ? { issuer: caller.issuer } : {}),
      };
      // The body's own buffer moves to the worker: no copy of a prefetch that can be megabytes.
      return serialisedAnswerSchema.parse(await pool.run(task, [body.buffer]));
    },
    close: () => pool.close(),
  };
}
