/**
 * The token goes only to the EHR's origin: a hostile or compromised server's `next` link, or a poisoned
 * absolute medicationReference, on another origin is never requested (issue 12, finding 1).
 */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadPatientResources } from '../../../src/fhir/load/index.js';
import { copyOf, FakeEhr, searchset } from '../../fixtures/ehr/fake-ehr.js';
import altTemplate from '../../fixtures/ehr/epic/observation-alt.json';
import medicationAza from '../../fixtures/ehr/epic/medication-azathioprine.json';
import medicationRequestAza from '../../fixtures/ehr/epic/medication-request-azathioprine.json';
import { REQUESTERS } from './requesters.js';

const ATTACKER = 'http://attacker.test';

/** Everything the other origin receives, with or without a token. */
const stolen: { url: string; authorization: string | null }[] = [];
const server = setupServer(
  http.all(`${ATTACKER}/*`, ({ request }) => {
    stolen.push({ url: request.url, authorization: request.headers.get('authorization') });
    return HttpResponse.json(searchset([]) as Record<string, unknown>, {
      headers: { 'content-type': 'application/fhir+json' },
    });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  stolen.length = 0;
});
afterAll(() => server.close());

function labsWithNext(ehr: FakeEhr, next: string): FakeEhr {
  return ehr.on('Observation:category', {
    body: searchset([copyOf(altTemplate, 'eALT-1', ehr.patientId)], { next }),
  });
}

function orderReferencing(ehr: FakeEhr, reference: string): FakeEhr {
  const order = copyOf(medicationRequestAza, 'eMR-AZA', ehr.patientId, {
    medicationReference: { reference },
  });
  return ehr.on('MedicationRequest', { body: searchset([order]) });
}

describe.each(REQUESTERS)('origin pinning through the %s', (_name, makeRequester) => {
  async function load(ehr: FakeEhr) {
    server.use(ehr.handler());
    return loadPatientResources(makeRequester(ehr), ehr.patientId, {
      fhirBaseUrl: ehr.base,
      sleep: async () => undefined,
    });
  }

  it.each([
    `${ATTACKER}/fhir/Observation?page=2`,
    'HTTP://ATTACKER.TEST/fhir/Observation?page=2',
    '//attacker.test/fhir/Observation?page=2',
    'http:attacker.test/fhir/Observation?page=2',
    'https://ehr.test/fhir/Observation?page=2',
    'http://ehr.test:8443/fhir/Observation?page=2',
  ])('a next link to %s is not followed: the first page is kept and the gap says why', async (next) => {
    const ehr = labsWithNext(new FakeEhr(), next);
    const result = await load(ehr);
    expect(stolen).toEqual([]);
    expect(ehr.requests.every((url) => url.origin === 'http://ehr.test')).toBe(true);
    const ids = result.resources.flatMap((r) => ((r as { id?: string }).id === 'eALT-1' ? ['eALT-1'] : []));
    expect(ids).toEqual(['eALT-1']);
    const gap = result.gaps.find((g) => g.resourceType === 'Observation');
    expect(gap?.reason).toMatch(
      /^Observation: later results were not read: the EHR pointed to another server \(/,
    );
    expect(gap?.reason).toContain('sends your EHR sign-in only to the EHR itself');
  });

  it('a next link on the same origin but another path is followed, with the token', async () => {
    const ehr = new FakeEhr();
    labsWithNext(ehr, 'http://ehr.test/fhir/_page?search=Observation%3Acategory&n=2');
    ehr.on('page:Observation:category:2', {
      body: searchset([copyOf(altTemplate, 'eALT-2', ehr.patientId)]),
    });
    const result = await load(ehr);
    expect(ehr.requestsTo('page:Observation:category:2')).toHaveLength(1);
    expect(result.gaps).toEqual([]);
    expect(ehr.authorizations.every((value) => value === 'Bearer test-access-token-5f2a')).toBe(true);
  });

  it('an absolute medicationReference on another origin is not read: a Medication gap names the server', async () => {
    const ehr = orderReferencing(new FakeEhr(), `${ATTACKER}/fhir/Medication/eMED-AZA`);
    const result = await load(ehr);
    expect(stolen).toEqual([]);
    expect(result.gaps).toEqual([
      {
        resourceType: 'Medication',
        reason: expect.stringMatching(
          /^Medication: 1 referenced drug was not read: the EHR pointed to another server \(http:\/\/attacker\.test\)/,
        ),
      },
    ]);
  });

  it('an absolute medicationReference on the EHR itself is read as before', async () => {
    const ehr = orderReferencing(new FakeEhr(), 'http://ehr.test/fhir/Medication/eMED-AZA');
    ehr.on('Medication/eMED-AZA', { body: medicationAza });
    const result = await load(ehr);
    expect(ehr.requestsTo('Medication/eMED-AZA')).toHaveLength(1);
    expect(result.gaps).toEqual([]);
  });
});
