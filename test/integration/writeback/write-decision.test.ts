import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  buildAssessmentNote,
  DECISION_IDENTIFIER_SYSTEM,
  DecisionLedger,
  writeDecision,
  type DecisionRequest,
  type WritebackResult,
} from '../../../src/fhir/writeback/index.js';
import { insufficientResponse } from '../../fixtures/ehr/assessment.js';
import { parseNote } from './dom.js';
import { FakeWritableEhr } from './fake-writable-ehr.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const PATIENT = 'pat-91q';
const accept = { kind: 'accept', suggestionUuid: 'sugg-mmf' } as const;

function setup(): { ehr: FakeWritableEhr; request: (extra?: Partial<DecisionRequest>) => DecisionRequest } {
  const ehr = new FakeWritableEhr();
  server.use(...ehr.handlers());
  const ledger = new DecisionLedger<WritebackResult>();
  const request = (extra: Partial<DecisionRequest> = {}): DecisionRequest => ({
    assessment: insufficientResponse(PATIENT),
    decision: accept,
    patientId: PATIENT,
    ledger,
    now: () => new Date('2025-07-01T10:15:00Z'),
    ...extra,
  });
  return { ehr, request };
}

function decoded(resource: Record<string, unknown>): string {
  const content = resource.content as { attachment: { data: string } }[];
  return Buffer.from(content[0]?.attachment.data ?? '', 'base64').toString('utf8');
}

describe('buildAssessmentNote', () => {
  const assessment = insufficientResponse(PATIENT);

  it('XHTML is well-formed XML and names the state, the results and the accepted suggestion', () => {
    const note = buildAssessmentNote(assessment, accept, {
      patientId: PATIENT,
      format: 'xhtml',
      authorDisplay: 'Dr A. Hepat',
    });
    expect(note.contentType).toBe('application/xhtml+xml;charset=utf-8');
    const doc = parseNote(note.body, 'xhtml');
    const text = doc.body.textContent ?? '';
    expect(text).toContain('Insufficient response');
    expect(text).toContain('ALT 2.3×ULN (92 U/L, ULN 40 (laboratory range))');
    expect(text).toContain('Suggestion accepted by Dr A. Hepat: Switch to mycophenolate mofetil.');
    expect(text).toContain('Not suggested: Switch to budesonide (because of cirrhosis)');
  });

  it('escapes what the clinician typed, in HTML and XHTML', () => {
    const decision = {
      kind: 'override',
      reasonCode: 'clinical-judgement',
      comment: '<script>alert(1)</script> & "quotes"',
    } as const;
    for (const format of ['html', 'xhtml'] as const) {
      const note = buildAssessmentNote(assessment, decision, { patientId: PATIENT, format });
      expect(note.body).not.toContain('<script>');
      const doc = parseNote(note.body, format);
      expect(doc.querySelectorAll('script')).toHaveLength(0);
      expect(doc.body.textContent).toContain('Comment: <script>alert(1)</script> & "quotes"');
      expect(doc.body.textContent).toContain('Reason: Clinical judgement.');
    }
  });

  it('plain text has no markup and lists every section', () => {
    const note = buildAssessmentNote(assessment, accept, { patientId: PATIENT, format: 'text' });
    expect(note.body).toBe(note.text);
    expect(note.text).not.toMatch(/<[a-z]/i);
    expect(note.text).toContain('\nDeciding results\n- 2025-06-20: ALT 2.3×ULN');
    expect(note.text).toContain('default ULN');
  });
});

describe('writeDecision', () => {
  it('medication-request: POSTs the accepted suggestion as a draft proposal for this patient', async () => {
    const { ehr, request } = setup();
    const result = await writeDecision(ehr.writer(), 'medication-request', request());
    expect(ehr.posts).toHaveLength(1);
    const posted = ehr.posts[0]!;
    expect(posted).toMatchObject({
      resourceType: 'MedicationRequest',
      status: 'draft',
      intent: 'proposal',
      subject: { reference: `Patient/${PATIENT}` },
    });
    expect(posted.identifier).toEqual([
      { system: DECISION_IDENTIFIER_SYSTEM, value: 'card-0d1e.accept.sugg-mmf' },
    ]);
    expect(result).toMatchObject({
      mode: 'medication-request',
      resourceRef: 'MedicationRequest/MedicationRequest-1',
    });
    expect(result.text).toContain('Switch to mycophenolate mofetil');
  });

  it('medication-request: an accepted metabolite measurement is written as its draft ServiceRequest', async () => {
    const { ehr, request } = setup();
    const result = await writeDecision(
      ehr.writer(),
      'medication-request',
      request({ decision: { kind: 'accept', suggestionUuid: 'sugg-tpmt' } }),
    );
    expect(ehr.posts.map((p) => p.resourceType)).toEqual(['ServiceRequest']);
    expect(result.resourceRef).toBe('ServiceRequest/ServiceRequest-1');
  });

  it('document-reference (Oracle): an XHTML progress note with the decision, period end and identifier', async () => {
    const { ehr, request } = setup();
    const result = await writeDecision(
      ehr.writer(),
      'document-reference',
      request({ format: 'xhtml', authorDisplay: 'Dr A. Hepat' }),
    );
    expect(ehr.posts).toHaveLength(1);
    const posted = ehr.posts[0]!;
    expect(posted).toMatchObject({
      resourceType: 'DocumentReference',
      status: 'current',
      type: { coding: [{ system: 'http://loinc.org', code: '11506-3' }] },
      subject: { reference: `Patient/${PATIENT}` },
      context: { period: { start: '2025-07-01T10:15:00.000Z', end: '2025-07-01T10:15:00.000Z' } },
      identifier: [{ system: DECISION_IDENTIFIER_SYSTEM, value: 'card-0d1e.accept.sugg-mmf' }],
    });
    expect((posted.content as { attachment: { contentType: string } }[])[0]?.attachment.contentType).toBe(
      'application/xhtml+xml;charset=utf-8',
    );
    const xhtml = decoded(posted);
    expect(parseNote(xhtml, 'xhtml').body.textContent).toContain('Suggestion accepted by Dr A. Hepat');
    expect(result).toMatchObject({
      mode: 'document-reference',
      resourceRef: 'DocumentReference/DocumentReference-1',
    });
  });

  it('copy-text: nothing is sent, the note comes back to copy', async () => {
    const { ehr, request } = setup();
    const result = await writeDecision(ehr.writer(), 'copy-text', request());
    expect(ehr.posts).toHaveLength(0);
    expect(result.mode).toBe('copy-text');
    expect(result.resourceRef).toBeUndefined();
    expect(result.text).toContain('Suggestion accepted: Switch to mycophenolate mofetil.');
  });

  it('an override where only orders may be written becomes text to copy, not an order', async () => {
    const { ehr, request } = setup();
    const result = await writeDecision(
      ehr.writer(),
      'medication-request',
      request({ decision: { kind: 'override', reasonCode: 'patient-preference' } }),
    );
    expect(ehr.posts).toHaveLength(0);
    expect(result.mode).toBe('copy-text');
    expect(result.text).toContain('Reason: Patient preference.');
  });

  it('a double click while the first write is in flight, and a call after it succeeded, POST once', async () => {
    const { ehr, request } = setup();
    ehr.scriptPosts({ delayMs: 100 });
    const writer = ehr.writer();
    const [first, second] = await Promise.all([
      writeDecision(writer, 'document-reference', request()),
      writeDecision(writer, 'document-reference', request()),
    ]);
    const third = await writeDecision(writer, 'document-reference', request());
    expect(ehr.posts).toHaveLength(1);
    expect(second).toBe(first);
    expect(third).toBe(first);
    // A different decision on the same card is written on its own.
    await writeDecision(
      writer,
      'document-reference',
      request({ decision: { kind: 'override', reasonCode: 'patient-preference' } }),
    );
    expect(ehr.posts).toHaveLength(2);
  });

  it('after a time-out, finds the write that landed instead of POSTing again', async () => {
    const { ehr, request } = setup();
    ehr.scriptPosts({ delayMs: 300 });
    const writer = ehr.writer();
    await expect(
      writeDecision(writer, 'document-reference', request({ timeoutMs: 50 })),
    ).rejects.toMatchObject({ kind: 'unconfirmed' });
    await new Promise((resolve) => setTimeout(resolve, 350));
    ehr.stored.unshift({
      resourceType: 'DocumentReference',
      id: 'other-note',
      identifier: [{ system: DECISION_IDENTIFIER_SYSTEM, value: 'another-decision' }],
    });
    const result = await writeDecision(writer, 'document-reference', request());
    expect(ehr.posts).toHaveLength(1);
    expect(ehr.searches).toHaveLength(1);
    expect(ehr.searches[0]?.searchParams.get('identifier')).toBe(
      `${DECISION_IDENTIFIER_SYSTEM}|card-0d1e.accept.sugg-mmf`,
    );
    expect(result.resourceRef).toBe('DocumentReference/DocumentReference-1');
  });

  it('after a time-out whose write never landed, searches, then POSTs again', async () => {
    const { ehr, request } = setup();
    ehr.scriptPosts({ status: 504 });
    const writer = ehr.writer();
    await expect(writeDecision(writer, 'medication-request', request())).rejects.toMatchObject({
      kind: 'unconfirmed',
    });
    const result = await writeDecision(writer, 'medication-request', request());
    expect(ehr.searches).toHaveLength(1);
    expect(ehr.posts).toHaveLength(2);
    expect(result.resourceRef).toBe('MedicationRequest/MedicationRequest-2');
  });

  it('a refused write (4xx) is reported and may be retried without a search', async () => {
    const { ehr, request } = setup();
    ehr.scriptPosts({ status: 422 });
    const writer = ehr.writer();
    await expect(writeDecision(writer, 'document-reference', request())).rejects.toMatchObject({
      kind: 'rejected',
      status: 422,
    });
    await writeDecision(writer, 'document-reference', request());
    expect(ehr.searches).toHaveLength(0);
    expect(ehr.posts).toHaveLength(2);
  });

  it('403 says the EHR did not allow the write', async () => {
    const { ehr, request } = setup();
    ehr.scriptPosts({ status: 403 });
    await expect(writeDecision(ehr.writer(), 'document-reference', request())).rejects.toMatchObject({
      kind: 'scope-missing',
    });
  });

  it('a suggestion that is not on the card is refused before anything is sent', async () => {
    const { ehr, request } = setup();
    const decision = { kind: 'accept', suggestionUuid: 'not-on-card' } as const;
    await expect(
      writeDecision(ehr.writer(), 'medication-request', request({ decision })),
    ).rejects.toMatchObject({ kind: 'unknown-suggestion' });
    expect(ehr.posts).toHaveLength(0);
  });
});
