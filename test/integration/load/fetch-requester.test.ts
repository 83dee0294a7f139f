import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFetchRequester, FhirHttpError } from '../../../src/fhir/load/index.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('createFetchRequester', () => {
  it('resolves relative URLs against the base and sends the token to the EHR only', async () => {
    const seen: { url: string; authorization: string | null }[] = [];
    server.use(
      http.get('*', ({ request }) => {
        seen.push({ url: request.url, authorization: request.headers.get('authorization') });
        return HttpResponse.json({ resourceType: 'Bundle', type: 'searchset' });
      }),
    );
    const requester = createFetchRequester('https://ehr.test/fhir/r4', 'secret-token');
    await requester.request('Observation?patient=1&category=laboratory');
    await requester.request('https://ehr.test/fhir/r4/_page?n=2');
    await requester.request('https://elsewhere.test/fhir/_page?n=3');
    expect(seen).toEqual([
      {
        url: 'https://ehr.test/fhir/r4/Observation?patient=1&category=laboratory',
        authorization: 'Bearer secret-token',
      },
      { url: 'https://ehr.test/fhir/r4/_page?n=2', authorization: 'Bearer secret-token' },
      { url: 'https://elsewhere.test/fhir/_page?n=3', authorization: null },
    ]);
  });

  it('throws FhirHttpError with the status, the parsed OperationOutcome and Retry-After', async () => {
    const outcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'throttled' }] };
    server.use(
      http.get('https://ehr.test/fhir/Condition', () =>
        HttpResponse.json(outcome, { status: 429, headers: { 'retry-after': '7' } }),
      ),
    );
    const error = await createFetchRequester('https://ehr.test/fhir')
      .request('Condition?patient=1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FhirHttpError);
    expect(error).toMatchObject({ status: 429, statusCode: 429, body: outcome, retryAfter: '7' });
  });
});
