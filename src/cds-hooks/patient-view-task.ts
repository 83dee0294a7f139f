/**
 * One `patient-view` call as a self-contained task: the raw request body and the per-call settings
 * that can cross to a worker thread (plain data, no functions). The same code answers the call on
 * the main thread (`workers: 0`) and in a worker, so both give the same card and status.
 */
import { z } from 'zod';
import { defaultDependencies } from './dependencies.js';
import type { PatientRecord } from '../core/types.js';
import {
  readHookBody,
  readScannedHookBody,
  type HookBody,
  type PrefetchStore,
  type ScannedBody,
} from './hook-body.js';
import { HttpProblem } from './http.js';
import { answerOrderHook } from './order-service.js';
import type { CachedPrefetch } from './prefetch-cache.js';
import {
  answerPatientView,
  type CallerTrust,
  type PatientViewSettings,
  type ServiceAnswer,
} from './patient-view.js';

/** The hooks a task can answer; patient-view unless the task says otherwise. */
export const hookSchema = z.enum(['patient-view', 'order-select', 'order-sign']);
export type HookName = z.infer<typeof hookSchema>;

export const patientViewTaskSchema = z.object({
  body: z.instanceof(Uint8Array),
  /** Today's date, read once on the main thread so every worker uses the server's clock and zone. */
  asOf: z.string(),
  appLaunchUrl: z.string().optional(),
  allowPlainHttpFhir: z.boolean(),
  hook: hookSchema.optional(),
  /** The calling issuer's FHIR base URLs; absent when no JWT is checked (development). */
  trustedFhirServers: z.array(z.string()).optional(),
  /** The verified issuer; absent when no JWT is checked (development). */
  issuer: z.string().optional(),
  /**
   * What the HTTP thread's scan of this very body found (hook-body.ts), so it is not scanned and hashed
   * again. Made by this program from the body it sends, not read from outside: not re-checked.
   */
  scanned: z
    .custom<ScannedBody>((value) => typeof value === 'object' && value !== null && 'layout' in value)
    .optional(),
});

export type PatientViewTask = z.infer<typeof patientViewTaskSchema>;

/** An answer as it goes on the wire: serialised where it was made (a worker), so the HTTP thread only sends it. */
export interface SerialisedAnswer {
  status: number;
  json: string;
}

export const serialisedAnswerSchema = z.object({ status: z.number().int(), json: z.string() });

/** What a worker sends back: the answer, and the record it mapped from a prefetch-only call, to keep. */
export interface WorkerAnswer {
  answer: SerialisedAnswer;
  kept?: CachedPrefetch;
}

export const workerAnswerSchema = z.object({
  answer: serialisedAnswerSchema,
  kept: z
    .object({
      patientId: z.string(),
      // Made by the mapper in the worker (this program's own code), not read from outside: not re-checked.
      record: z.custom<PatientRecord>((value) => typeof value === 'object' && value !== null),
      onlyWithoutServer: z.boolean(),
    })
    .optional(),
});

export function serialise(answer: ServiceAnswer): SerialisedAnswer {
  return { status: answer.status, json: JSON.stringify(answer.body) };
}

/**
 * Parses the body and answers the call; an unparseable body is answered, not thrown. With a cache, a
 * prefetch this caller sent before is not parsed, validated or mapped again (prefetch-cache.ts).
 */
export async function answerPatientViewBody(
  body: Uint8Array,
  settings: PatientViewSettings,
  caller: CallerTrust = {},
  hook: HookName = 'patient-view',
  cache?: PrefetchStore,
  scanned?: ScannedBody,
): Promise<ServiceAnswer> {
  let read: HookBody;
  try {
    read = scanned
      ? readScannedHookBody(body, scanned, cache)
      : readHookBody(body, { issuer: caller.issuer, fhirServers: caller.fhirServers }, cache);
  } catch (error) {
    if (error instanceof HttpProblem)
      return { status: error.status, body: { error: error.code, message: error.message } };
    throw error;
  }
  return answerReadBody(read, settings, caller, hook);
}

/** Answers a body already read (hook-body.ts). */
export function answerReadBody(
  read: HookBody,
  settings: PatientViewSettings,
  caller: CallerTrust,
  hook: HookName,
): Promise<ServiceAnswer> {
  return hook === 'patient-view'
    ? answerPatientView(read.json, settings, caller, read.known)
    : answerOrderHook(hook, read.json, settings, caller, read.known);
}

/**
 * Answers a task with the shared loader, mapper and core (what a worker thread runs). The records are
 * kept by the thread that sends the tasks (patient-view-runner.ts): the one this call maps from its
 * prefetch alone is handed back with the answer.
 */
export async function runPatientViewTask(task: PatientViewTask): Promise<WorkerAnswer> {
  let kept: CachedPrefetch | undefined;
  const handBack: PrefetchStore = {
    get: () => undefined,
    set: (_key, value) => {
      kept = value;
    },
  };
  const answer = await answerPatientViewBody(
    task.body,
    {
      dependencies: defaultDependencies,
      today: () => task.asOf,
      ...(task.appLaunchUrl !== undefined ? { appLaunchUrl: task.appLaunchUrl } : {}),
      allowPlainHttpFhir: task.allowPlainHttpFhir,
    },
    {
      ...(task.issuer !== undefined ? { issuer: task.issuer } : {}),
      ...(task.trustedFhirServers !== undefined ? { fhirServers: task.trustedFhirServers } : {}),
    },
    task.hook,
    handBack,
    task.scanned,
  );
  return { answer: serialise(answer), ...(kept ? { kept } : {}) };
}
