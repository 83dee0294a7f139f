import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CrossOriginRefused } from '../../../src/fhir/load/fetch-requester.js';
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
    // Another origin is not requested at all, with or without the token; nor another scheme or port.
    for (const url of [
      'https://elsewhere.test/fhir/_page?n=3',
      'http://ehr.test/fhir/r4/Medication/1',
      'https://ehr.test:8443/fhir/r4/Medication/1',
    ])
      await expect(requester.request(url)).rejects.toThrow(CrossOriginRefused);
    expect(seen).toEqual([
      {
        url: 'https://ehr.test/fhir/r4/Observation?patient=1&category=laboratory',
        authorization: 'Bearer secret-token',
      },
      { url: 'https://ehr.test/fhir/r4/_page?n=2', authorization: 'Bearer secret-token' },
    ]);
  });

  it('follows redirects within the origin only', async () => {
    const seen: string[] = [];
    server.use(
      http.get('*', ({ request }) => {
        seen.push(request.url);
        const url = new URL(request.url);
        if (url.pathname.endsWith('/Medication/moved'))
          return new HttpResponse(null, { status: 302, headers: { location: '/fhir/Medication/1' } });
        if (url.pathname.endsWith('/Medication/away'))
          return new HttpResponse(null, {
            status: 307,
            headers: { location: 'https://elsewhere.test/fhir/Medication/1' },
          });
        if (url.pathname.endsWith('/Medication/loop'))
          return new HttpResponse(null, { status: 301, headers: { location: '/fhir/Medication/loop' } });
        return HttpResponse.json({ resourceType: 'Medication', id: '1' });
      }),
    );
    const requester = createFetchRequester('https://ehr.test/fhir', 'secret-token');
    await expect(requester.request('Medication/moved')).resolves.toMatchObject({ id: '1' });
    await expect(requester.request('Medication/away')).rejects.toThrow(CrossOriginRefused);
    await expect(requester.request('Medication/loop')).rejects.toBeInstanceOf(FhirHttpError);
    expect(seen.filter((url) => url.startsWith('https://elsewhere.test'))).toEqual([]);
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
