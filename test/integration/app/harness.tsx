/**
 * Runs the real app (real loader, mapper, core and write-back) against a scripted EHR on msw. The session
 * stands in for fhirclient's: a fetch requester with a bearer token, and writes as a plain POST.
 */
import { configure, render } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { App } from '../../../src/app/App.js';
import type { AppSession } from '../../../src/app/session.js';
import { createFetchRequester } from '../../../src/fhir/load/index.js';
import { FakeEhr, searchset } from '../../fixtures/ehr/fake-ehr.js';
import { AS_OF, PATIENT_ID, patient } from '../../fixtures/app/aih-patient.js';

// The whole pipeline runs in each test; a busy machine needs more than the default 1 s.
configure({ asyncUtilTimeout: 10_000 });

export const server = setupServer();

export interface Created {
  resourceType: string;
  id: string;
  body: Record<string, unknown>;
}

/** A FakeEhr that also accepts creates (POST {type}) and serves /metadata. */
export function mockEhr(base: string, capabilityStatement: unknown): { ehr: FakeEhr; created: Created[] } {
  const ehr = new FakeEhr(base, PATIENT_ID).on('Patient', { body: patient });
  ehr.on('metadata', { body: capabilityStatement });
  const created: Created[] = [];
  server.use(
    http.post(`${base}/:type`, async ({ request, params }) => {
      const body = (await request.json()) as Record<string, unknown>;
      const resourceType = String(params.type);
      const id = `${resourceType.toLowerCase()}-${created.length + 1}`;
      created.push({ resourceType, id, body });
      return HttpResponse.json(
        { ...body, id },
        { status: 201, headers: { location: `${base}/${resourceType}/${id}/_history/1` } },
      );
    }),
    http.get(`${base}/metadata`, () => HttpResponse.json(capabilityStatement as Record<string, unknown>)),
    ehr.handler(),
  );
  return { ehr, created };
}

export function sessionFor(base: string, overrides: Partial<AppSession> = {}): AppSession {
  const requester = createFetchRequester(base, 'test-access-token');
  return {
    patientId: PATIENT_ID,
    ehr: 'generic',
    grantedScopes: 'launch openid fhirUser patient/*.rs',
    needPatientBanner: true,
    fhir: {
      request: (url, init) => requester.request(url, init),
      async post(url, resource, headers = {}) {
        const response = await fetch(`${base}/${url}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/fhir+json',
            authorization: 'Bearer test-access-token',
            ...headers,
          },
          body: JSON.stringify(resource),
        });
        if (!response.ok)
          throw Object.assign(new Error(`HTTP ${response.status}`), { status: response.status });
        return { status: response.status, body: await response.json() };
      },
    },
    fhirUser: 'Practitioner/dr-1',
    ...overrides,
  };
}

export function renderApp(session: AppSession) {
  return render(<App connect={async () => session} asOf={AS_OF} />);
}

export { searchset };
