import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import smart from 'fhirclient';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadPatientResources } from '../../../src/fhir/load/index.js';
import type { FhirRequester } from '../../../src/fhir/load/types.js';
import { copyOf, FakeEhr, searchset } from '../../fixtures/ehr/fake-ehr.js';
import astTemplate from '../../fixtures/ehr/oracle/observation-ast.json';
import mmfOrder from '../../fixtures/ehr/oracle/medication-request-mmf.json';
import prednisolone from '../../fixtures/ehr/oracle/medication-statement-prednisolone.json';
import tokenResponse from '../../fixtures/ehr/oracle/token-response.json';
import { REQUESTERS } from './requesters.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const ORACLE_PAGE = 200;

/** An Oracle tenant: 450 lab results in pages of 200, MedicationRequest and MedicationStatement both present. */
function oracleTenant(): FakeEhr {
  const ehr = new FakeEhr('http://oracle.test/r4/ec2458f2', '12724066');
  const labs = Array.from({ length: 450 }, (_, n) => copyOf(astTemplate, `oAST-${n}`, ehr.patientId));
  ehr.paged('Observation:category', labs, ORACLE_PAGE);
  ehr.paged('Observation:code', labs.slice(0, 210), ORACLE_PAGE);
  ehr.on('MedicationRequest', { body: searchset([copyOf(mmfOrder, 'oMR-MMF', ehr.patientId)]) });
  ehr.on('MedicationStatement', { body: searchset([copyOf(prednisolone, 'oMS-PRED', ehr.patientId)]) });
  return ehr;
}

function countOf(resources: readonly unknown[], type: string): number {
  return resources.filter((r) => (r as { resourceType: string }).resourceType === type).length;
}

describe.each(REQUESTERS)('Oracle-shaped EHR through the %s', (_name, makeRequester) => {
  it('pages through 200 at a time, dedupes the two Observation searches and keeps MedicationStatement', async () => {
    const ehr = oracleTenant();
    server.use(ehr.handler());
    const result = await loadPatientResources(makeRequester(ehr), ehr.patientId, { ehr: 'oracle' });
    expect(countOf(result.resources, 'Observation')).toBe(450);
    expect(countOf(result.resources, 'MedicationRequest')).toBe(1);
    expect(countOf(result.resources, 'MedicationStatement')).toBe(1);
    expect(result.gaps).toEqual([]);
    // Patient + category (3 pages) + code (2 pages) + MedicationRequest, MedicationStatement, Condition, AllergyIntolerance,
    // Procedure.
    expect(ehr.requests).toHaveLength(11);
    const categoryLog = result.log.find((entry) => entry.url.includes('category=laboratory'));
    expect(categoryLog).toMatchObject({ pages: 3, count: 450, status: 200 });
  });

  it('asks for Oracle’s maximum page size and sends no _include Oracle does not list', async () => {
    const ehr = oracleTenant();
    server.use(ehr.handler());
    await loadPatientResources(makeRequester(ehr), ehr.patientId, { ehr: 'oracle' });
    const firstPages = ehr.requests.filter(
      (url) => !url.pathname.endsWith('/_page') && !url.pathname.includes('/Patient/'),
    );
    expect(firstPages).toHaveLength(7);
    // Oracle's Procedure search does not list _count: its default page size and next links are used.
    const [procedures, others] = [
      firstPages.filter((url) => url.pathname.endsWith('/Procedure')),
      firstPages.filter((url) => !url.pathname.endsWith('/Procedure')),
    ];
    expect(procedures.map((url) => [...url.searchParams.keys()])).toEqual([['patient']]);
    expect(others.every((url) => url.searchParams.get('_count') === '200')).toBe(true);
    expect(ehr.requests.some((url) => url.searchParams.has('_include'))).toBe(false);
  });
});

describe('Oracle 570-second tokens through fhirclient', () => {
  const TOKEN_URI = 'http://oracle.test/tenants/ec2458f2/protocols/oauth2/profiles/smart-v1/token';

  function expiredSession(ehr: FakeEhr, scope: string): FhirRequester {
    const storage = { get: async () => undefined, set: async () => undefined, unset: async () => true };
    const api = smart({ url: '/', headers: { host: 'app.test' } } as any, {} as any, storage as any);
    const client = api.client({
      serverUrl: ehr.base,
      tokenUri: TOKEN_URI,
      clientId: 'aih-navigator',
      // Issued 600 s ago with expires_in 570: already expired when the load starts.
      expiresAt: Math.floor(Date.now() / 1000) - 30,
      tokenResponse: { ...tokenResponse, scope, refresh_token: 'oracle-refresh-token' } as any,
    });
    return { request: (url, init) => client.request(init?.signal ? { url, signal: init.signal } : url) };
  }

  it('refreshes once before the parallel searches (online_access granted) and reads with the new token', async () => {
    const ehr = oracleTenant();
    let refreshes = 0;
    server.use(
      http.post(TOKEN_URI, () => {
        refreshes += 1;
        // Oracle does not rotate refresh tokens: the answer carries only a new access token.
        return HttpResponse.json({
          access_token: 'refreshed-token',
          token_type: 'Bearer',
          expires_in: 570,
          scope: tokenResponse.scope,
        });
      }),
      ehr.handler(),
    );
    const result = await loadPatientResources(expiredSession(ehr, tokenResponse.scope), ehr.patientId, {
      ehr: 'oracle',
    });
    expect(refreshes).toBe(1);
    expect(new Set(ehr.authorizations)).toEqual(new Set(['Bearer refreshed-token']));
    expect(countOf(result.resources, 'Observation')).toBe(450);
  });

  it('asks for a relaunch when the token cannot be refreshed (no online_access granted)', async () => {
    const ehr = oracleTenant();
    server.use(ehr.handler());
    const scope = tokenResponse.scope.replace(' online_access', '');
    await expect(
      loadPatientResources(expiredSession(ehr, scope), ehr.patientId, { ehr: 'oracle' }),
    ).rejects.toMatchObject({
      kind: 'relaunch-required',
    });
    expect(ehr.requests).toHaveLength(0);
  });
});
