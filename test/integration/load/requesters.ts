/**
 * The two requester shapes the loader meets: fhirclient's `client.request` (throws HttpError with a
 * consumed response) and the fetch requester the CDS Hooks service uses (throws FhirHttpError).
 */
import smart from 'fhirclient';
import { createFetchRequester } from '../../../src/fhir/load/index.js';
import type { FhirRequester } from '../../../src/fhir/load/types.js';
import type { FakeEhr } from '../../fixtures/ehr/fake-ehr.js';

export const ACCESS_TOKEN = 'test-access-token-5f2a';

export function fetchRequester(ehr: FakeEhr): FhirRequester {
  return createFetchRequester(ehr.base, ACCESS_TOKEN);
}

export function fhirclientRequester(ehr: FakeEhr): FhirRequester {
  const storage = { get: async () => undefined, set: async () => undefined, unset: async () => true };
  const api = smart({ url: '/', headers: { host: 'app.test' } } as any, {} as any, storage as any);
  const client = api.client({ serverUrl: ehr.base, tokenResponse: { access_token: ACCESS_TOKEN } });
  return {
    request: (url, init) => client.request(init?.signal ? { url, signal: init.signal } : url),
  };
}

export const REQUESTERS = [
  ['fetch requester', fetchRequester],
  ['fhirclient', fhirclientRequester],
] as const;
