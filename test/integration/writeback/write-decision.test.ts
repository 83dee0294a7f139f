/**
 * The executor against msw servers shaped like Epic, Oracle and a generic FHIR server: exactly once
 * (conditional create, search before write, across launches), paired drafts as a transaction,
 * provenance, the refreshing write path, and every written resource valid R4 with US Core's
 * must-support elements.
 */
import { validateResource } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseCapabilities } from '../../../src/fhir/capabilities.js';
import {
  DecisionLedger,
  executePlan,
  planDecision,
  writeAllowance,
  type Decision,
  type WritebackResult,
} from '../../../src/fhir/writeback/index.js';
import { loadFhirDefinitions } from '../../../src/sandbox/fhir/definitions.js';
import { v2Assessment } from '../../fixtures/ehr/decision-assessment.js';
import epicCapabilities from '../../fixtures/ehr/epic/capability-statement.json';
import oracleCapabilities from '../../fixtures/ehr/oracle/capability-statement.json';
import { capabilityWith } from './capability.js';
import { parseNote } from './dom.js';
import { FakeWritableEhr } from './fake-writable-ehr.js';
import { missingMustSupports } from './us-core.js';

const server = setupServer();
beforeAll(() => {
  loadFhirDefinitions();
  server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const PATIENT = 'pat-91q';
const NOW = new Date('2026-07-01T10:15:00Z');
const CLINICIAN = 'Practitioner/dr-hepat';
const ALL = 'launch openid fhirUser patient/*.cruds';
const mmf: Decision = { kind: 'accept', suggestionUuid: 'sugg-mmf' };
const metabolites: Decision = { kind: 'accept', suggestionUuid: 'sugg-metabolites' };
const pair: Decision = { kind: 'accept', suggestionUuid: 'sugg-allopurinol' };
const override: Decision = { kind: 'override', reasonCode: 'patient-preference', comment: 'Wants to wait' };

const conditionalServer = capabilityWith({
  creates: ['MedicationRequest', 'ServiceRequest', 'DocumentReference'],
  conditional: ['MedicationRequest', 'ServiceRequest', 'DocumentReference'],
  transaction: true,
});
const plainServer = capabilityWith({ creates: ['MedicationRequest', 'ServiceRequest', 'DocumentReference'] });

function fakeEhr(): FakeWritableEhr {
  const ehr = new FakeWritableEhr();
  server.use(...ehr.handlers());
  return ehr;
}

/** One launch: its own ledger (a relaunch or another device shares nothing in memory). */
function launch(
  ehr: FakeWritableEhr,
  statement: unknown,
  options: { format?: 'html' | 'xhtml'; expired?: boolean } = {},
) {
  const ledger = new DecisionLedger<WritebackResult>();
  const writer = ehr.writer(ehr.client({ expired: options.expired ?? false }));
  const allowance = writeAllowance(parseCapabilities(statement), ALL);
  return (decision: Decision, timeoutMs?: number) =>
    executePlan(
      writer,
      planDecision({
        assessment: v2Assessment(PATIENT),
        decision,
        patientId: PATIENT,
        allowance,
        provenance: { fhirUser: CLINICIAN, now: NOW },
        format: options.format ?? 'html',
      }),
      PATIENT,
      { ledger, ...(timeoutMs ? { timeoutMs } : {}) },
    );
}

function expectValid(resource: Record<string, unknown>): void {
  expect(() => validateResource(resource as unknown as Resource)).not.toThrow();
  expect(missingMustSupports(resource)).toEqual([]);
}

function noteText(resource: Record<string, unknown>): string {
  const content = resource.content as { attachment: { data: string } }[];
  return Buffer.from(content[0]?.attachment.data ?? '', 'base64').toString('utf8');
}

describe('drafts with provenance, valid and exactly once', () => {
  it('a conditional create of the MMF draft: fhir+json, If-None-Exist, requester and authoredOn', async () => {
    const ehr = fakeEhr();
    const result = await launch(ehr, conditionalServer)(mmf);
    expect(ehr.posts).toHaveLength(1);
    const [post] = ehr.posts;
    expect(post?.contentType).toBe('application/fhir+json');
    expect(post?.ifNoneExist).toMatch(/^identifier=urn:aih-navigator:decision\|[0-9a-f-]{36}:mycophenolate$/);
    expect(post?.body).toMatchObject({
      resourceType: 'MedicationRequest',
      status: 'draft',
      intent: 'proposal',
      subject: { reference: `Patient/${PATIENT}` },
      requester: { reference: CLINICIAN },
      authoredOn: '2026-07-01T10:15:00.000Z',
    });
    expectValid(post!.body);
    expect(result).toMatchObject({ kind: 'drafts', alreadyThere: false });
    expect(result.written).toEqual([
      {
        ref: 'MedicationRequest/MedicationRequest-1',
        summary:
          'Medication order: mycophenolate mofetil; dose: 1.5 g/day in two doses (750 mg twice daily); draft proposal, to be reviewed and signed in the EHR',
      },
    ]);
  });

  it('accepted twice across two launches with conditional create: one resource, the second says already there', async () => {
    const ehr = fakeEhr();
    await launch(ehr, conditionalServer)(mmf);
    const second = await launch(ehr, conditionalServer)(mmf);
    expect(ehr.of('MedicationRequest')).toHaveLength(1);
    expect(second).toMatchObject({
      alreadyThere: true,
      written: [{ ref: 'MedicationRequest/MedicationRequest-1' }],
    });
  });

  it('without conditional create, searches the identifier before writing: two launches, one resource', async () => {
    const ehr = fakeEhr();
    await launch(ehr, plainServer)(mmf);
    const second = await launch(ehr, plainServer)(mmf);
    expect(ehr.posts).toHaveLength(1);
    expect(ehr.searches).toHaveLength(2);
    expect(ehr.searches[0]?.searchParams.get('identifier')).toMatch(
      /^urn:aih-navigator:decision\|.+:mycophenolate$/,
    );
    expect(second.alreadyThere).toBe(true);
  });

  it('a server that ignores the identifier parameter: only a resource carrying it counts', async () => {
    const ehr = fakeEhr();
    ehr.ignoreIdentifier = true;
    ehr.stored.push({ resourceType: 'MedicationRequest', id: 'unrelated', status: 'active' });
    await launch(ehr, plainServer)(mmf);
    expect(ehr.posts).toHaveLength(1);
  });

  it('a double click while the first write is in flight POSTs once', async () => {
    const ehr = fakeEhr();
    ehr.scriptPosts({ delayMs: 100 });
    const accept = launch(ehr, conditionalServer);
    const [first, second] = await Promise.all([accept(mmf), accept(mmf)]);
    expect(second).toBe(first);
    expect(ehr.posts).toHaveLength(1);
  });

  it('after a time-out, the retry finds the write that landed instead of POSTing again', async () => {
    const ehr = fakeEhr();
    ehr.scriptPosts({ delayMs: 300 });
    const accept = launch(ehr, plainServer);
    await expect(accept(mmf, 50)).rejects.toMatchObject({ kind: 'unconfirmed' });
    await new Promise((resolve) => setTimeout(resolve, 350));
    const retried = await accept(mmf);
    expect(ehr.posts).toHaveLength(1);
    expect(retried.alreadyThere).toBe(true);
  });

  it('a refused write says nothing was recorded (4xx) or that the EHR did not allow it (403)', async () => {
    const ehr = fakeEhr();
    ehr.scriptPosts({ status: 422 }, { status: 403 });
    await expect(launch(ehr, conditionalServer)(mmf)).rejects.toMatchObject({
      kind: 'rejected',
      status: 422,
    });
    await expect(launch(ehr, conditionalServer)(mmf)).rejects.toMatchObject({ kind: 'scope-missing' });
  });

  it('the metabolite ServiceRequest carries the laboratory category and validates', async () => {
    const ehr = fakeEhr();
    await launch(ehr, conditionalServer)(metabolites);
    const body = ehr.posts[0]!.body;
    expect(body).toMatchObject({
      resourceType: 'ServiceRequest',
      category: [{ coding: [{ system: 'http://snomed.info/sct', code: '108252007' }] }],
      requester: { reference: CLINICIAN },
    });
    expectValid(body);
  });
});

describe('fallbacks per written type (Epic- and Oracle-shaped servers)', () => {
  it('Epic without ServiceRequest create: the metabolite request is written as a note instead', async () => {
    const ehr = fakeEhr();
    const result = await launch(ehr, epicCapabilities)(metabolites);
    expect(ehr.posts.map((p) => p.body.resourceType)).toEqual(['DocumentReference']);
    const note = ehr.posts[0]!.body;
    expect(note).toMatchObject({
      docStatus: 'preliminary',
      author: [{ reference: CLINICIAN }],
      date: NOW.toISOString(),
    });
    expect(noteText(note)).toContain('Laboratory request: Thiopurine metabolites (6-TGN and 6-MMP)');
    expectValid(note);
    expect(result).toMatchObject({
      kind: 'note',
      written: [{ ref: 'DocumentReference/DocumentReference-1' }],
    });
  });

  it('Oracle: the MMF accept is an XHTML note, never a MedicationRequest', async () => {
    const ehr = fakeEhr();
    await launch(ehr, oracleCapabilities, { format: 'xhtml' })(mmf);
    expect(ehr.posts.map((p) => p.body.resourceType)).toEqual(['DocumentReference']);
    const xhtml = noteText(ehr.posts[0]!.body);
    expect(parseNote(xhtml, 'xhtml').body.textContent).toContain('mycophenolate mofetil');
  });

  it('a server with no write at all: nothing is sent, the text comes back to copy', async () => {
    const ehr = fakeEhr();
    const result = await launch(ehr, capabilityWith({ creates: [] }))(mmf);
    expect(ehr.posts).toHaveLength(0);
    expect(result).toMatchObject({ kind: 'copy-text', written: [] });
    expect(result.text).toContain('Switch to mycophenolate mofetil');
  });

  it('an override note is preliminary, by the clinician, once across launches', async () => {
    const ehr = fakeEhr();
    await launch(ehr, conditionalServer)(override);
    await launch(ehr, conditionalServer)(override);
    expect(ehr.of('DocumentReference')).toHaveLength(1);
    const note = ehr.posts[0]!.body;
    expect(note).toMatchObject({ docStatus: 'preliminary', author: [{ reference: CLINICIAN }] });
    expect(noteText(note)).toContain('Comment: Wants to wait');
    expect((note.identifier as { value: string }[])[0]?.value).toMatch(/:note$/);
  });
});

describe('paired allopurinol drafts', () => {
  it('as one transaction, each entry with ifNoneExist; a second launch creates nothing', async () => {
    const ehr = fakeEhr();
    const result = await launch(ehr, conditionalServer)(pair);
    expect(ehr.posts).toHaveLength(1);
    const bundle = ehr.posts[0]!;
    expect(bundle.url).toBe('http://write.test/fhir/');
    expect(bundle.body).toMatchObject({ resourceType: 'Bundle', type: 'transaction' });
    const entries = bundle.body.entry as {
      resource: Record<string, unknown>;
      request: { ifNoneExist: string };
    }[];
    expect(entries.map((e) => e.request.ifNoneExist.split(':').pop())).toEqual([
      'allopurinol',
      'azathioprine',
    ]);
    for (const entry of entries) expectValid(entry.resource);
    expect(result.written.map((w) => w.ref)).toEqual([
      'MedicationRequest/MedicationRequest-1',
      'MedicationRequest/MedicationRequest-2',
    ]);
    const again = await launch(ehr, conditionalServer)(pair);
    expect(ehr.of('MedicationRequest')).toHaveLength(2);
    expect(again.alreadyThere).toBe(true);
  });

  it('without transactions: one note holding both drafts, never one MedicationRequest alone', async () => {
    const ehr = fakeEhr();
    const result = await launch(ehr, plainServer)(pair);
    expect(ehr.of('MedicationRequest')).toHaveLength(0);
    expect(ehr.of('DocumentReference')).toHaveLength(1);
    const text = noteText(ehr.posts[0]!.body);
    expect(text).toContain('allopurinol; dose: 100 mg once daily');
    expect(text).toContain('azathioprine; dose: 25 mg once daily');
    expect(result.kind).toBe('note');
  });
});

describe('the refreshing write path', () => {
  it('accept after token expiry: the token is refreshed first and exactly one resource is created', async () => {
    const ehr = fakeEhr();
    await launch(ehr, conditionalServer, { expired: true })(mmf);
    expect(ehr.refreshes).toEqual(['refresh_token']);
    expect(ehr.of('MedicationRequest')).toHaveLength(1);
    expect(ehr.posts[0]?.authorization).toBe('Bearer write-token-1');
  });

  it('a 401 the client did not foresee: refreshed once, retried once, one resource', async () => {
    const ehr = fakeEhr();
    ehr.validTokens.delete('write-token');
    await launch(ehr, conditionalServer)(mmf);
    expect(ehr.refreshes).toEqual(['refresh_token']);
    expect(ehr.of('MedicationRequest')).toHaveLength(1);
  });

  it('when the refresh is refused, the session has ended: said plainly, nothing written', async () => {
    const ehr = fakeEhr();
    ehr.validTokens.delete('write-token');
    ehr.refuseRefresh = true;
    await expect(launch(ehr, conditionalServer)(mmf)).rejects.toMatchObject({
      kind: 'relaunch-required',
      message: expect.stringContaining('Your session with the EHR has ended'),
    });
    expect(ehr.stored).toHaveLength(0);
  });
});
