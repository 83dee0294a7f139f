/**
 * Writes the clinician's decision the way the EHR allows (see chooseWritebackMode), once: repeated
 * calls for the same decision share the first write, and after an uncertain failure the earlier write
 * is searched for (by its identifier) before anything is POSTed again.
 */
import type { Assessment } from '../../core/types.js';
import { describeFailure } from '../load/http-failure.js';
import { readBundlePage } from '../load/bundle-page.js';
import type { FhirRequester } from '../load/types.js';
import { buildAssessmentNote, type NoteFormat } from './assessment-note.js';
import type { WritebackMode } from './choose-mode.js';
import { DECISION_IDENTIFIER_SYSTEM, decisionKey, WritebackError, type Decision } from './decision.js';
import { DecisionLedger } from './ledger.js';
import { draftFromSuggestion, noteDocument, type FhirResource } from './resources.js';

export interface FhirWriter extends FhirRequester {
  create(resource: object): Promise<unknown>;
}

export interface DecisionRequest {
  assessment: Assessment;
  decision: Decision;
  patientId: string;
  authorDisplay?: string;
  /** Note format: Oracle takes XHTML only (default `html`). */
  format?: NoteFormat;
  /** A POST without an answer within this time is treated as uncertain (default 20 s). */
  timeoutMs?: number;
  now?: () => Date;
  /** Where writes are remembered (default: one ledger for the page). */
  ledger?: DecisionLedger<WritebackResult>;
}

export interface WritebackResult {
  mode: WritebackMode;
  /** `Type/id` of the written resource, when the EHR returned it. */
  resourceRef?: string;
  /** The note as plain text: what was written, or what to copy. */
  text: string;
  /** Where it went, in words for the clinician. */
  where: string;
}

const sharedLedger = new DecisionLedger<WritebackResult>();

const WHERE: Record<WritebackMode, string> = {
  'medication-request': 'Saved in the EHR as a draft proposal for the prescriber to review.',
  'document-reference': 'Saved in the EHR as a progress note in the patient’s chart.',
  'copy-text': 'Not saved in the EHR: copy this text into the chart.',
};

function refOf(created: unknown, fallbackType: string): string | undefined {
  const record = typeof created === 'object' && created !== null ? (created as Record<string, unknown>) : {};
  if (typeof record.id !== 'string') return undefined;
  return `${typeof record.resourceType === 'string' ? record.resourceType : fallbackType}/${record.id}`;
}

function failureToError(error: unknown): WritebackError {
  if (error instanceof WritebackError) return error;
  const failure = describeFailure(error);
  if (failure.sessionEnded) {
    return new WritebackError(
      'relaunch-required',
      'Your session with the EHR has ended. Relaunch AIH Navigator and record the decision again.',
      401,
    );
  }
  if (failure.status === 403) {
    return new WritebackError(
      'scope-missing',
      'The EHR did not allow AIH Navigator to write this record. Copy the text into the chart instead.',
      403,
    );
  }
  if (typeof failure.status === 'number' && failure.status < 500) {
    return new WritebackError(
      'rejected',
      `The EHR refused the record (HTTP ${failure.status}); nothing was saved. Copy the text into the chart instead.`,
      failure.status,
    );
  }
  return new WritebackError(
    'unconfirmed',
    'The EHR did not confirm the save. It may or may not have been saved; AIH Navigator will check before trying again.',
    failure.status,
  );
}

const isUncertain = (error: unknown): boolean =>
  error instanceof WritebackError && error.kind === 'unconfirmed';

const MESSAGE = {
  timeout:
    'The EHR did not answer in time. The record may or may not have been saved; AIH Navigator will check before trying again.',
  unchecked:
    'AIH Navigator could not check whether the earlier attempt was saved. Look in the chart before recording the decision again.',
};

async function createWithTimeout(
  writer: FhirWriter,
  resource: FhirResource,
  timeoutMs: number,
): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WritebackError('unconfirmed', MESSAGE.timeout, 'error')), timeoutMs);
  });
  try {
    return await Promise.race([writer.create(resource), timeout]);
  } catch (error) {
    throw failureToError(error);
  } finally {
    clearTimeout(timer);
  }
}

/** The earlier write, found by its identifier (checked here too: some EHRs ignore unknown parameters). */
async function findEarlierWrite(
  writer: FhirWriter,
  resource: FhirResource,
  patientId: string,
  key: string,
): Promise<unknown> {
  const url = `${resource.resourceType}?patient=${encodeURIComponent(patientId)}&identifier=${encodeURIComponent(`${DECISION_IDENTIFIER_SYSTEM}|${key}`)}`;
  let page;
  try {
    page = readBundlePage(await writer.request(url));
  } catch {
    page = undefined;
  }
  if (!page) throw new WritebackError('unconfirmed', MESSAGE.unchecked, 'error');
  return page.resources.find((candidate) => {
    const ids = (candidate as { identifier?: unknown }).identifier;
    return (
      Array.isArray(ids) &&
      ids.some(
        (id: { system?: unknown; value?: unknown }) =>
          id.system === DECISION_IDENTIFIER_SYSTEM && id.value === key,
      )
    );
  });
}

function noteOptions(
  request: DecisionRequest,
  format: NoteFormat,
): Parameters<typeof buildAssessmentNote>[2] {
  const { patientId, authorDisplay } = request;
  return authorDisplay ? { patientId, format, authorDisplay } : { patientId, format };
}

/** What to POST: the accepted draft, or the note as a DocumentReference. */
function resourceFor(
  mode: 'medication-request' | 'document-reference',
  request: DecisionRequest,
  key: string,
): FhirResource {
  const { assessment, decision, patientId } = request;
  if (mode === 'medication-request' && decision.kind === 'accept') {
    return draftFromSuggestion(assessment, decision.suggestionUuid, patientId, key);
  }
  const note = buildAssessmentNote(assessment, decision, noteOptions(request, request.format ?? 'html'));
  const now = request.now ? request.now() : new Date();
  return noteDocument(note, patientId, key, now, request.authorDisplay);
}

async function perform(
  writer: FhirWriter,
  mode: WritebackMode,
  request: DecisionRequest,
  key: string,
  uncertain: boolean,
): Promise<WritebackResult> {
  const { text } = buildAssessmentNote(request.assessment, request.decision, noteOptions(request, 'text'));
  // An override orders nothing: where only order-writing is allowed, the note is offered to copy.
  const effective: WritebackMode =
    mode === 'medication-request' && request.decision.kind === 'override' ? 'copy-text' : mode;
  if (effective === 'copy-text') return { mode: effective, text, where: WHERE[effective] };
  const resource = resourceFor(effective, request, key);
  const earlier = uncertain ? await findEarlierWrite(writer, resource, request.patientId, key) : undefined;
  const created = earlier ?? (await createWithTimeout(writer, resource, request.timeoutMs ?? 20_000));
  const resourceRef = refOf(created, resource.resourceType);
  return { mode: effective, text, where: WHERE[effective], ...(resourceRef ? { resourceRef } : {}) };
}

export function writeDecision(
  writer: FhirWriter,
  mode: WritebackMode,
  request: DecisionRequest,
): Promise<WritebackResult> {
  const key = decisionKey(request.assessment, request.decision);
  const ledger = request.ledger ?? sharedLedger;
  return ledger.run(
    `${request.patientId}|${key}`,
    (uncertain) => perform(writer, mode, request, key, uncertain),
    isUncertain,
  );
}
