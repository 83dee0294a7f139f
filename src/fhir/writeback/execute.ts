/**
 * Runs a decision's plan, exactly once: conditional create (`If-None-Exist`) where the server takes
 * it, otherwise a search for the identifier before writing; a pair goes in one `transaction`.
 * Repeated calls for the same decision in this page share the first write (double click); after an
 * uncertain failure (time-out, 5xx) the next attempt looks for the earlier write again.
 */
import { readBundlePage } from '../load/bundle-page.js';
import { describeFailure } from '../load/http-failure.js';
import { WritebackError } from './decision.js';
import { carriesIdentifier, identifierToken } from './identifiers.js';
import { DecisionLedger } from './ledger.js';
import type { DecisionPlan, PlanKind, PlannedWrite } from './plan.js';

/** The EHR connection as writes need it: reads and a POST through the refreshing request path. */
export interface FhirWriter {
  request(url: string): Promise<unknown>;
  /** POST `body` as `application/fhir+json` to `url` (relative to the FHIR base; `''` is the base). */
  post(
    url: string,
    body: object,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: unknown }>;
}

export interface WrittenResource {
  /** `Type/id`, when the EHR said. */
  ref?: string;
  /** What it is, in words. */
  summary: string;
}

export interface WritebackResult {
  kind: PlanKind;
  /** What is in the EHR now (empty for copy-text). */
  written: WrittenResource[];
  /** It was there already (an earlier accept, here or on another device); nothing new was created. */
  alreadyThere: boolean;
  /** The note as plain text: written as the note, or to copy. */
  text: string;
}

const sharedLedger = new DecisionLedger<WritebackResult>();

const MESSAGE = {
  ended:
    'Your session with the EHR has ended, and nothing was recorded. Copy the text below into the chart, or relaunch AIH Navigator and accept again.',
  forbidden:
    'The EHR did not allow AIH Navigator to write this record, and nothing was recorded. Copy the text below into the chart.',
  rejected: 'The EHR refused the record, and nothing was recorded. Copy the text below into the chart.',
  unconfirmed:
    'The EHR did not confirm the save. It may or may not have been saved; AIH Navigator will check before trying again.',
  timeout:
    'The EHR did not answer in time. The record may or may not have been saved; AIH Navigator will check before trying again.',
  unchecked:
    'AIH Navigator could not check whether the decision was already recorded. Look in the chart before recording it again.',
};

export function failureToError(error: unknown): WritebackError {
  if (error instanceof WritebackError) return error;
  const failure = describeFailure(error);
  if (failure.sessionEnded) return new WritebackError('relaunch-required', MESSAGE.ended, 401);
  if (failure.status === 403) return new WritebackError('scope-missing', MESSAGE.forbidden, 403);
  if (typeof failure.status === 'number' && failure.status < 500 && failure.status !== 408) {
    return new WritebackError('rejected', MESSAGE.rejected, failure.status);
  }
  return new WritebackError('unconfirmed', MESSAGE.unconfirmed, failure.status);
}

async function withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WritebackError('unconfirmed', MESSAGE.timeout, 'error')), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } catch (error) {
    throw failureToError(error);
  } finally {
    clearTimeout(timer);
  }
}

function refOf(resource: unknown, fallbackType: string): string | undefined {
  const record =
    typeof resource === 'object' && resource !== null ? (resource as Record<string, unknown>) : {};
  if (typeof record.id !== 'string') return undefined;
  return `${typeof record.resourceType === 'string' ? record.resourceType : fallbackType}/${record.id}`;
}

/** `MedicationRequest/12/_history/1` or an absolute URL → `MedicationRequest/12`. */
function refOfLocation(location: unknown): string | undefined {
  if (typeof location !== 'string') return undefined;
  const match = /([A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64})(\/_history\/[^/]+)?\/?$/.exec(location);
  return match?.[1];
}

/**
 * The earlier write of one resource, found by its identifier (checked here too: some EHRs ignore
 * parameters they do not know and return the patient's every resource of the type).
 */
export async function findByIdentifier(
  writer: FhirWriter,
  write: Pick<PlannedWrite, 'resource' | 'identifier'>,
  patientId: string,
): Promise<unknown> {
  const type = write.resource.resourceType;
  const url = `${type}?patient=${encodeURIComponent(patientId)}&identifier=${encodeURIComponent(identifierToken(write.identifier))}`;
  let page;
  try {
    page = readBundlePage(await writer.request(url));
  } catch (error) {
    const failure = failureToError(error);
    if (failure.kind === 'relaunch-required') throw failure;
    page = undefined;
  }
  if (!page) throw new WritebackError('unconfirmed', MESSAGE.unchecked, 'error');
  return page.resources.find((candidate) => carriesIdentifier(candidate, write.identifier));
}

function conditionalHeader(write: PlannedWrite): Record<string, string> {
  return write.conditional ? { 'If-None-Exist': `identifier=${identifierToken(write.identifier)}` } : {};
}

async function createOne(
  writer: FhirWriter,
  write: PlannedWrite,
  patientId: string,
  timeoutMs: number,
): Promise<{ written: WrittenResource; alreadyThere: boolean }> {
  const type = write.resource.resourceType;
  if (!write.conditional) {
    const earlier = await findByIdentifier(writer, write, patientId);
    if (earlier)
      return { written: { ref: refOf(earlier, type), summary: write.summary }, alreadyThere: true };
  }
  const answer = await withTimeout(writer.post(type, write.resource, conditionalHeader(write)), timeoutMs);
  const ref = refOf(answer.body, type);
  // 200 to a conditional create: the server found the earlier write and created nothing.
  const alreadyThere = write.conditional && answer.status === 200;
  return { written: { ...(ref ? { ref } : {}), summary: write.summary }, alreadyThere };
}

function transactionBundle(writes: PlannedWrite[]): Record<string, unknown> {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: writes.map((write) => ({
      resource: write.resource,
      request: {
        method: 'POST',
        url: write.resource.resourceType,
        ...(write.conditional ? { ifNoneExist: `identifier=${identifierToken(write.identifier)}` } : {}),
      },
    })),
  };
}

/** Entry `response.status` 200 means the conditional create found the resource already there. */
function readTransactionResponse(
  body: unknown,
  writes: PlannedWrite[],
): { written: WrittenResource[]; alreadyThere: boolean } {
  const entries = (body as { entry?: unknown } | null)?.entry;
  const list = Array.isArray(entries)
    ? (entries as { response?: { status?: unknown; location?: unknown } }[])
    : [];
  const written = writes.map((write, index) => {
    const ref = refOfLocation(list[index]?.response?.location);
    return { ...(ref ? { ref } : {}), summary: write.summary };
  });
  const alreadyThere =
    list.length > 0 && list.every((entry) => String(entry.response?.status ?? '').startsWith('200'));
  return { written, alreadyThere };
}

async function createTogether(
  writer: FhirWriter,
  writes: PlannedWrite[],
  patientId: string,
  timeoutMs: number,
): Promise<{ written: WrittenResource[]; alreadyThere: boolean }> {
  const unconditional = writes.filter((write) => !write.conditional);
  if (unconditional.length > 0) {
    const found = await Promise.all(writes.map((write) => findByIdentifier(writer, write, patientId)));
    // Any part already there means the pair was accepted before (it was written as one transaction):
    // nothing more is written, so a pair is never doubled.
    if (found.some(Boolean)) {
      const written = writes.map((write, index) => {
        const ref = refOf(found[index], write.resource.resourceType);
        return { ...(ref ? { ref } : {}), summary: write.summary };
      });
      return { written, alreadyThere: true };
    }
  }
  const response = await withTimeout(writer.post('', transactionBundle(writes)), timeoutMs);
  return readTransactionResponse(response.body, writes);
}

async function perform(
  writer: FhirWriter,
  plan: DecisionPlan,
  patientId: string,
  timeoutMs: number,
): Promise<WritebackResult> {
  if (plan.kind === 'copy-text' || plan.writes.length === 0) {
    return { kind: 'copy-text', written: [], alreadyThere: false, text: plan.text };
  }
  if (plan.transaction) {
    const outcome = await createTogether(writer, plan.writes, patientId, timeoutMs);
    return { kind: plan.kind, text: plan.text, ...outcome };
  }
  const outcomes = [];
  for (const write of plan.writes) outcomes.push(await createOne(writer, write, patientId, timeoutMs));
  return {
    kind: plan.kind,
    text: plan.text,
    written: outcomes.map((outcome) => outcome.written),
    alreadyThere: outcomes.every((outcome) => outcome.alreadyThere),
  };
}

const isUncertain = (error: unknown): boolean =>
  error instanceof WritebackError && error.kind === 'unconfirmed';

export interface ExecuteOptions {
  /** A POST without an answer within this time is treated as uncertain (default 20 s). */
  timeoutMs?: number;
  /** Where writes are remembered (default: one ledger for the page). */
  ledger?: DecisionLedger<WritebackResult>;
}

/** Writes the plan once per decision (the ledger key is the plan's first identifier). */
export function executePlan(
  writer: FhirWriter,
  plan: DecisionPlan,
  patientId: string,
  options: ExecuteOptions = {},
): Promise<WritebackResult> {
  const key = `${patientId}|${plan.kind}|${plan.writes.map((w) => w.identifier.value).join(',') || plan.text}`;
  const ledger = options.ledger ?? sharedLedger;
  return ledger
    .run(key, () => perform(writer, plan, patientId, options.timeoutMs ?? 20_000), isUncertain)
    .catch((error: unknown) => {
      throw failureToError(error);
    });
}
