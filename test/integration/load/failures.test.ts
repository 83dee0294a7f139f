import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadPatientResources, type LoadOptions } from '../../../src/fhir/load/index.js';
import { copyOf, FakeEhr, searchset } from '../../fixtures/ehr/fake-ehr.js';
import altTemplate from '../../fixtures/ehr/epic/observation-alt.json';
import { REQUESTERS } from './requesters.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const serverError = {
  resourceType: 'OperationOutcome',
  issue: [{ severity: 'error', code: 'exception', diagnostics: 'Internal error' }],
};
const busy = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'throttled' }] };

function tenant(): FakeEhr {
  const ehr = new FakeEhr();
  ehr.on('Observation:code', { body: searchset([copyOf(altTemplate, 'eALT-1', ehr.patientId)]) });
  return ehr;
}

function recordingSleep(): { sleeps: number[]; sleep: (ms: number) => Promise<void> } {
  const sleeps: number[] = [];
  return { sleeps, sleep: async (ms) => void sleeps.push(ms) };
}

function types(resources: readonly unknown[]): string[] {
  return [...new Set(resources.map((r) => (r as { resourceType: string }).resourceType))].sort();
}

describe.each(REQUESTERS)('failures through the %s', (_name, makeRequester) => {
  async function load(ehr: FakeEhr, options: LoadOptions = {}) {
    server.use(ehr.handler());
    return loadPatientResources(makeRequester(ehr), ehr.patientId, {
      sleep: async () => undefined,
      ...options,
    });
  }

  it('401 that reaches the loader: the whole load fails with relaunch-required', async () => {
    const ehr = tenant().on('Condition', {
      status: 401,
      body: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login' }] },
    });
    await expect(load(ehr)).rejects.toMatchObject({
      kind: 'relaunch-required',
      resourceType: 'Condition',
      status: 401,
    });
    expect(ehr.requestsTo('Condition')).toHaveLength(1);
  });

  it.each([
    ['unsupported (404)', 404],
    ['failing (500)', 500],
  ])('a Procedure search %s is a gap like the others, never an empty result', async (_what, status) => {
    const ehr = tenant().on('Procedure', { status, body: serverError });
    const result = await load(ehr);
    expect(result.gaps).toEqual([
      { resourceType: 'Procedure', reason: expect.stringContaining(`HTTP ${status}`) },
    ]);
    expect(types(result.resources)).toContain('Observation');
  });

  it('keeps two copies of one id with different content (for the mapper to flag), one of identical copies', async () => {
    const ehr = new FakeEhr();
    const first = copyOf(altTemplate, 'eALT-1', ehr.patientId);
    const changed = { ...first, valueQuantity: { value: 999, unit: 'U/L' } };
    ehr.on('Observation:code', { body: searchset([first]) });
    ehr.on('Observation:category', { body: searchset([first, changed]) });
    const result = await load(ehr);
    const alts = result.resources.filter((r) => (r as { id?: string }).id === 'eALT-1');
    expect(alts).toEqual([first, changed]);
  });

  it('403 on one type: a gap naming the scope to add, everything else loads', async () => {
    const ehr = tenant().on('MedicationRequest', {
      status: 403,
      body: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'forbidden' }] },
    });
    const result = await load(ehr);
    expect(result.gaps).toHaveLength(1);
    expect(result.gaps[0]?.resourceType).toBe('MedicationRequest');
    expect(result.gaps[0]?.reason).toContain('patient/MedicationRequest.rs');
    expect(types(result.resources)).toEqual(['Observation', 'Patient']);
    expect(ehr.requestsTo('MedicationRequest')).toHaveLength(1);
  });

  it('429 with Retry-After: waits as told, then reads the type', async () => {
    const ehr = tenant().on(
      'Condition',
      { status: 429, body: busy, headers: { 'retry-after': '2' } },
      { body: searchset([{ resourceType: 'Condition', id: 'c1' }]) },
    );
    const { sleeps, sleep } = recordingSleep();
    const result = await load(ehr, { sleep });
    expect(sleeps).toEqual([2000]);
    expect(ehr.requestsTo('Condition')).toHaveLength(2);
    expect(result.gaps).toEqual([]);
    expect(types(result.resources)).toContain('Condition');
  });

  it('503 without Retry-After: exponential back-off, bounded, then a gap', async () => {
    const ehr = tenant().on('AllergyIntolerance', { status: 503, body: busy });
    const { sleeps, sleep } = recordingSleep();
    const result = await load(ehr, { sleep, retry: { retries: 3, baseDelayMs: 100 } });
    expect(sleeps).toEqual([100, 200, 400]);
    expect(ehr.requestsTo('AllergyIntolerance')).toHaveLength(4);
    expect(result.gaps).toEqual([
      { resourceType: 'AllergyIntolerance', reason: expect.stringMatching(/busy \(HTTP 503\)/) },
    ]);
  });

  it('500 on one type: a gap with the reason, the rest still loads', async () => {
    const ehr = tenant().on('Condition', { status: 500, body: serverError });
    const result = await load(ehr);
    expect(result.gaps).toEqual([{ resourceType: 'Condition', reason: expect.stringContaining('HTTP 500') }]);
    expect(ehr.requestsTo('Condition')).toHaveLength(1);
    expect(types(result.resources)).toEqual(['Observation', 'Patient']);
  });

  it('network error on one type: a gap that says the EHR could not be reached', async () => {
    const ehr = tenant().on('AllergyIntolerance', { networkError: true });
    const result = await load(ehr);
    expect(result.gaps).toEqual([
      { resourceType: 'AllergyIntolerance', reason: expect.stringMatching(/could not be reached/) },
    ]);
    expect(result.log.find((e) => e.resourceType === 'AllergyIntolerance')?.status).toBe('error');
  });

  it('time-out on one type: a gap, and the load does not wait for it', async () => {
    const ehr = tenant().on('Condition', { delayMs: 2_000, body: searchset([]) });
    const started = Date.now();
    const result = await load(ehr, { requestTimeoutMs: 150 });
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(result.gaps).toEqual([
      { resourceType: 'Condition', reason: expect.stringMatching(/did not answer in time/) },
    ]);
    expect(types(result.resources)).toEqual(['Observation', 'Patient']);
  });

  it('abort via the signal: the load rejects as aborted', async () => {
    const ehr = tenant().on('Condition', { delayMs: 2_000, body: searchset([]) });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(load(ehr, { signal: controller.signal })).rejects.toMatchObject({ kind: 'aborted' });
  });

  it('page cap: stops after maxPages with a gap, keeping what was read', async () => {
    const ehr = new FakeEhr();
    const labs = Array.from({ length: 5 }, (_, n) => copyOf(altTemplate, `eALT-${n}`, ehr.patientId));
    ehr.paged('Observation:category', labs, 1);
    const result = await load(ehr, { maxPages: 3 });
    expect(ehr.requests.filter((url) => url.pathname.endsWith('/_page'))).toHaveLength(2);
    expect(result.gaps).toEqual([
      { resourceType: 'Observation', reason: expect.stringMatching(/stopped after 3 pages/) },
    ]);
    expect(
      result.resources.filter((r) => (r as { resourceType: string }).resourceType === 'Observation'),
    ).toHaveLength(3);
  });

  it('every clinical type forbidden: scope-missing for the whole load, naming the scopes', async () => {
    const forbidden = {
      status: 403,
      body: { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'forbidden' }] },
    };
    const ehr = new FakeEhr();
    for (const route of [
      'Observation:code',
      'Observation:category',
      'MedicationRequest',
      'MedicationStatement',
      'Condition',
      'AllergyIntolerance',
      'Procedure',
    ])
      ehr.on(route, forbidden);
    const error = await load(ehr).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'scope-missing' });
    expect((error as { scope: string }).scope.split(' ')).toEqual(
      expect.arrayContaining([
        'patient/Observation.rs',
        'patient/MedicationRequest.rs',
        'patient/Condition.rs',
      ]),
    );
  });

  it('every clinical type failing with 5xx: unavailable, not an empty record', async () => {
    const ehr = new FakeEhr();
    for (const route of [
      'Observation:code',
      'Observation:category',
      'MedicationRequest',
      'Condition',
      'AllergyIntolerance',
      'Procedure',
    ])
      ehr.on(route, { status: 502, body: serverError });
    ehr.on('MedicationStatement', { status: 404, body: serverError });
    await expect(load(ehr)).rejects.toMatchObject({ kind: 'unavailable' });
  });

  it('an answer that is not a search result: a gap, not a crash', async () => {
    const ehr = tenant().on('Condition', { body: { hello: 'world' } });
    const result = await load(ehr);
    expect(result.gaps).toEqual([
      { resourceType: 'Condition', reason: expect.stringMatching(/not a search result/) },
    ]);
  });
});
