/**
 * Where hook calls are answered: in a pool of worker threads (the default), so parsing, mapping and
 * assessing use every core while the main thread keeps HTTP, CORS, JWT checks and the one jti replay
 * cache; or on the main thread with `workers: 0` (and whenever tests inject dependencies, which cannot
 * cross to another thread). With workers, the records mapped from prefetches are kept on the main
 * thread, and a call whose prefetch was seen before is answered there: what is left of it (reading the
 * context, the checks, the card) costs less than the trip to a worker and back, and two threads fewer
 * to wait for on a busy machine.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { CdsServerConfig } from './config.js';
import type { CallerTrust, PatientViewSettings } from './patient-view.js';
import { readKnownHookBody, type HookBody, type UnknownHookBody } from './hook-body.js';
import { HttpProblem } from './http.js';
import { LoopTurns } from './loop-turns.js';
import {
  answerPatientViewBody,
  answerReadBody,
  serialise,
  workerAnswerSchema,
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
  turns: LoopTurns = new LoopTurns(),
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
  const cache = new PrefetchCache();
  /**
   * Prefetches a worker is mapping now, by key: the hooks of one chart often come together, and those
   * after the first wait for its record rather than each being mapped again.
   */
  const mapping = new Map<string, Promise<void>>();
  // What this thread does for a call (finding its prefetch, answering a known one) leaves the loop free
  // to accept new connections between calls (loop-turns.ts).
  return {
    answer: (body, caller, hook) => turns.run(() => answerHere(body, caller, hook)),
    close: () => pool.close(),
  };

  async function answerHere(
    body: Uint8Array<ArrayBuffer>,
    caller: CallerTrust,
    hook: HookName | undefined,
  ): Promise<SerialisedAnswer> {
    let known = knownHere(body, caller, cache);
    const keyOfKnown = keyToKeep(known);
    const under = keyOfKnown !== undefined ? mapping.get(keyOfKnown) : undefined;
    if (under) {
      await under;
      known = knownHere(body, caller, cache);
    }
    if (known && 'read' in known)
      return serialise(await answerReadBody(known.read, settings, caller, hook ?? 'patient-view'));
    // The first call with a prefetch nobody is mapping says when its record is kept (or not).
    const key = keyToKeep(known);
    let mapped: (() => void) | undefined;
    if (key !== undefined && !mapping.has(key))
      mapping.set(key, new Promise<void>((resolve) => (mapped = resolve)));
    try {
      return await answerInWorker(body, caller, hook, known && 'scanned' in known ? known : undefined);
    } finally {
      if (key !== undefined && mapped) {
        mapping.delete(key);
        mapped();
      }
    }
  }

  async function answerInWorker(
    body: Uint8Array<ArrayBuffer>,
    caller: CallerTrust,
    hook: HookName | undefined,
    miss: UnknownHookBody | undefined,
  ): Promise<SerialisedAnswer> {
    const task: PatientViewTask = {
      body,
      ...(miss ? { scanned: miss.scanned } : {}),
      ...(hook !== undefined ? { hook } : {}),
      asOf: settings.today(),
      ...(settings.appLaunchUrl !== undefined ? { appLaunchUrl: settings.appLaunchUrl } : {}),
      allowPlainHttpFhir: settings.allowPlainHttpFhir === true,
      ...(caller.fhirServers !== undefined ? { trustedFhirServers: [...caller.fhirServers] } : {}),
      ...(caller.issuer !== undefined ? { issuer: caller.issuer } : {}),
    };
    // The body's own buffer moves to the worker: no copy of a prefetch that can be megabytes.
    const { answer, kept } = workerAnswerSchema.parse(await pool.run(task, [body.buffer]));
    if (kept) miss?.keep?.(kept);
    return answer;
  }
}

/**
 * The body read when its prefetch is in the main thread's cache and answering needs nothing more
 * (a record that lacks parts this call's FHIR server could fill is read again in a worker); else
 * undefined, or how to keep the record a worker maps from it. Anything the body's scan refuses is left
 * for the worker to answer, as it would without a cache.
 */
function knownHere(
  body: Uint8Array,
  caller: CallerTrust,
  cache: PrefetchCache,
): { read: HookBody } | UnknownHookBody | undefined {
  let known;
  try {
    known = readKnownHookBody(body, { issuer: caller.issuer, fhirServers: caller.fhirServers }, cache);
  } catch (error) {
    if (error instanceof HttpProblem) return undefined;
    throw error;
  }
  if ('read' in known && known.read.known?.hit?.onlyWithoutServer && namesFhirServer(known.read.json))
    return undefined;
  return known;
}

/** The prefetch key a call will keep its mapped record under, when it will keep one. */
function keyToKeep(known: { read: HookBody } | UnknownHookBody | undefined): string | undefined {
  return known && 'scanned' in known && known.keep ? known.scanned.key : undefined;
}

function namesFhirServer(json: unknown): boolean {
  return (
    typeof json === 'object' && json !== null && (json as { fhirServer?: unknown }).fhirServer !== undefined
  );
}
