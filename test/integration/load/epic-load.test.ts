import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadPatientResources, LoadError } from '../../../src/fhir/load/index.js';
import { copyOf, FakeEhr, searchset } from '../../fixtures/ehr/fake-ehr.js';
import altTemplate from '../../fixtures/ehr/epic/observation-alt.json';
import medicationAza from '../../fixtures/ehr/epic/medication-azathioprine.json';
import medicationRequestAza from '../../fixtures/ehr/epic/medication-request-azathioprine.json';
import outcome4101 from '../../fixtures/ehr/epic/outcome-4101-no-results.json';
import outcome4113 from '../../fixtures/ehr/epic/outcome-4113-expired-paging.json';
import outcome4119 from '../../fixtures/ehr/epic/outcome-4119-partial-record.json';
import outcome4130 from '../../fixtures/ehr/epic/outcome-4130-break-the-glass.json';
import msUnsupported from '../../fixtures/ehr/epic/outcome-medication-statement-unsupported.json';
import codeOrCategory from '../../fixtures/ehr/epic/outcome-code-or-category-required.json';
import { ACCESS_TOKEN, REQUESTERS } from './requesters.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const noWait = async (): Promise<void> => undefined;

function alt(ehr: FakeEhr, n: number, date = `2025-01-${String(n).padStart(2, '0')}`): object {
  return copyOf(altTemplate, `eALT-${n}`, ehr.patientId, { effectiveDateTime: `${date}T08:00:00Z` });
}

function ids(resources: readonly unknown[], type: string): string[] {
  return resources
    .filter((r) => (r as { resourceType?: string }).resourceType === type)
    .map((r) => (r as { id: string }).id)
    .sort();
}

/** An Epic tenant as it answers a normal launch: paged labs, 4101/4119 outcomes, no MedicationStatement. */
function epicTenant(): FakeEhr {
  const ehr = new FakeEhr();
  ehr.paged('Observation:code', [alt(ehr, 1), alt(ehr, 2), alt(ehr, 3)], 2, [outcome4119]);
  ehr.on('Observation:category', {
    body: searchset([alt(ehr, 2), alt(ehr, 4)], { outcomes: [outcome4119] }),
  });
  ehr.on('MedicationRequest', { body: searchset([copyOf(medicationRequestAza, 'eMR-AZA', ehr.patientId)]) });
  ehr.on('Medication/eMED-AZA', { body: medicationAza });
  ehr.on('MedicationStatement', { status: 400, body: msUnsupported });
  ehr.on('Condition', { body: searchset([], { outcomes: [outcome4101] }) });
  ehr.on('AllergyIntolerance', { body: searchset([], { outcomes: [outcome4101] }) });
  return ehr;
}

describe.each(REQUESTERS)('Epic-shaped EHR through the %s', (_name, makeRequester) => {
  it('reads every type, follows next links, dedupes, keeps outcomes as notes and resolves Medication references', async () => {
    const ehr = epicTenant();
    server.use(ehr.handler());
    const result = await loadPatientResources(makeRequester(ehr), ehr.patientId, {
      ehr: 'epic',
      sleep: noWait,
    });

    expect(ids(result.resources, 'Observation')).toEqual(['eALT-1', 'eALT-2', 'eALT-3', 'eALT-4']);
    expect(ids(result.resources, 'MedicationRequest')).toEqual(['eMR-AZA']);
    expect(ids(result.resources, 'Medication')).toEqual(['eMED-AZA']);
    expect(ids(result.resources, 'Patient')).toEqual([ehr.patientId]);
    expect(
      result.resources.some((r) => (r as { resourceType: string }).resourceType === 'OperationOutcome'),
    ).toBe(false);
    expect(result.gaps).toEqual([]);
    // 4119 once per searched type (the two Observation searches share one note); 4101 for Condition and allergies.
    const messages = result.notes.map((n) => n.message);
    expect(messages.filter((m) => m.includes('may not contain the entire record'))).toHaveLength(1);
    expect(messages.filter((m) => m.includes('no results'))).toHaveLength(2);
    // Patient, code (2 pages), category, MedicationRequest, MedicationStatement, Condition, AllergyIntolerance,
    // Procedure, Medication.
    expect(ehr.requests).toHaveLength(10);
    expect(ehr.requestsTo('page:Observation:code:2')).toHaveLength(1);
    expect(new Set(ehr.authorizations)).toEqual(new Set([`Bearer ${ACCESS_TOKEN}`]));
  });

  it('asks Epic for every medication status, by LOINC and by category, with Epic’s own page size', async () => {
    const ehr = epicTenant();
    server.use(ehr.handler());
    await loadPatientResources(makeRequester(ehr), ehr.patientId, { ehr: 'epic', sleep: noWait });
    const [medicationSearch] = ehr.requestsTo('MedicationRequest');
    expect(medicationSearch?.searchParams.get('status')).toBe(
      'active,on-hold,completed,stopped,cancelled,entered-in-error',
    );
    expect(medicationSearch?.searchParams.get('patient')).toBe(ehr.patientId);
    const codes = ehr.requestsTo('Observation:code')[0]?.searchParams.get('code')?.split(',') ?? [];
    expect(codes).toContain('http://loinc.org|1742-6');
    expect(codes).toContain('http://loinc.org|2465-3');
    expect(ehr.requestsTo('Observation:category')[0]?.searchParams.get('category')).toBe('laboratory');
    expect(ehr.requests.every((url) => !url.searchParams.has('_count'))).toBe(true);
  });

  it('logs each search without the patient id, MedicationStatement as an answered 400 without a gap', async () => {
    const ehr = epicTenant();
    server.use(ehr.handler());
    const { log, gaps } = await loadPatientResources(makeRequester(ehr), ehr.patientId, {
      ehr: 'epic',
      sleep: noWait,
    });
    expect(JSON.stringify(log)).not.toContain(ehr.patientId);
    expect(log.map((entry) => entry.resourceType).sort()).toEqual([
      'AllergyIntolerance',
      'Condition',
      'Medication',
      'MedicationRequest',
      'MedicationStatement',
      'Observation',
      'Observation',
      'Patient',
      'Procedure',
    ]);
    const statement = log.find((entry) => entry.resourceType === 'MedicationStatement');
    expect(statement).toMatchObject({ status: 400, pages: 0, count: 0 });
    expect(gaps.some((gap) => gap.resourceType === 'MedicationStatement')).toBe(false);
    const codeSearch = log.find((entry) => entry.url.includes('code='));
    expect(codeSearch).toMatchObject({ status: 200, pages: 2, count: 3 });
    expect(codeSearch?.url).toContain('patient=[patient]');
  });

  it('restarts a search once when its cached next link has expired (4113)', async () => {
    const ehr = epicTenant();
    ehr.on('page:Observation:code:2', { status: 400, body: outcome4113 }, { body: searchset([alt(ehr, 3)]) });
    server.use(ehr.handler());
    const result = await loadPatientResources(makeRequester(ehr), ehr.patientId, {
      ehr: 'epic',
      sleep: noWait,
    });
    expect(ehr.requestsTo('Observation:code')).toHaveLength(2);
    expect(ehr.requestsTo('page:Observation:code:2')).toHaveLength(2);
    expect(ids(result.resources, 'Observation')).toEqual(['eALT-1', 'eALT-2', 'eALT-3', 'eALT-4']);
    expect(result.gaps).toEqual([]);
  });

  it('gives up with a gap when the next link expires again after the restart', async () => {
    const ehr = epicTenant();
    ehr.on('page:Observation:code:2', { status: 400, body: outcome4113 });
    server.use(ehr.handler());
    const result = await loadPatientResources(makeRequester(ehr), ehr.patientId, {
      ehr: 'epic',
      sleep: noWait,
    });
    expect(ehr.requestsTo('Observation:code')).toHaveLength(2);
    expect(result.gaps).toHaveLength(1);
    expect(result.gaps[0]).toMatchObject({ resourceType: 'Observation' });
    expect(result.gaps[0]?.reason).toMatch(/expired twice/);
  });

  it('stops on break-the-glass (403 with 4130) and never retries it', async () => {
    const ehr = epicTenant();
    ehr.on('Patient', { status: 403, body: outcome4130 });
    ehr.on('Observation:code', { status: 403, body: outcome4130, delayMs: 20 });
    server.use(ehr.handler());
    const load = loadPatientResources(makeRequester(ehr), ehr.patientId, { ehr: 'epic', sleep: noWait });
    await expect(load).rejects.toMatchObject({ name: 'LoadError', kind: 'break-the-glass' });
    expect(ehr.requestsTo('Patient')).toHaveLength(1);
    expect(ehr.requestsTo('Observation:code').length).toBeLessThanOrEqual(1);
  });

  it('stops on break-the-glass reported inside a search Bundle', async () => {
    const ehr = epicTenant();
    ehr.on('Condition', { body: searchset([], { outcomes: [outcome4130] }) });
    server.use(ehr.handler());
    const error = await loadPatientResources(makeRequester(ehr), ehr.patientId, {
      ehr: 'epic',
      sleep: noWait,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoadError);
    expect((error as LoadError).kind).toBe('break-the-glass');
    expect((error as LoadError).resourceType).toBe('Condition');
  });

  it('a 400 on one Observation search is a gap quoting the EHR, and the other search still counts', async () => {
    const ehr = epicTenant();
    ehr.on('Observation:category', { status: 400, body: codeOrCategory });
    server.use(ehr.handler());
    const result = await loadPatientResources(makeRequester(ehr), ehr.patientId, {
      ehr: 'epic',
      sleep: noWait,
    });
    expect(result.gaps).toEqual([
      {
        resourceType: 'Observation',
        reason: expect.stringContaining('HTTP 400 (Must have either code or category.)'),
      },
    ]);
    expect(ids(result.resources, 'Observation')).toEqual(['eALT-1', 'eALT-2', 'eALT-3']);
  });

  it('MedicationStatement answered 404 is normal too: no gap, one log entry', async () => {
    const ehr = epicTenant();
    ehr.on('MedicationStatement', { status: 404, body: msUnsupported });
    server.use(ehr.handler());
    const result = await loadPatientResources(makeRequester(ehr), ehr.patientId, {
      ehr: 'epic',
      sleep: noWait,
    });
    expect(result.gaps).toEqual([]);
    expect(result.log.filter((e) => e.resourceType === 'MedicationStatement')).toEqual([
      expect.objectContaining({ status: 404, count: 0 }),
    ]);
  });
});
