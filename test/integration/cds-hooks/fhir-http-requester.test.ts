import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchLedger } from '../../../src/cds-hooks/fetch-ledger.js';
import { FetchedBodyCache } from '../../../src/cds-hooks/fetched-body-cache.js';
import { createHttpRequester, FhirAnswerTooLarge } from '../../../src/cds-hooks/fhir-http-requester.js';
import { CrossOriginRefused } from '../../../src/fhir/load/fetch-requester.js';
import { FhirHttpError } from '../../../src/fhir/load/index.js';
import { listenOnLoopback } from './helpers.js';

describe('the service reads the EHR over kept-alive node:http connections', () => {
  const seen: { url: string; authorization: string | undefined; port: number }[] = [];
  let ehr: Awaited<ReturnType<typeof listenOnLoopback>>;
  let other: Awaited<ReturnType<typeof listenOnLoopback>>;

  beforeAll(async () => {
    other = await listenOnLoopback((request, response) => {
      seen.push({ url: `other:${request.url}`, authorization: request.headers.authorization, port: 0 });
      response.writeHead(200, { 'content-type': 'application/fhir+json' }).end('{}');
    });
    ehr = await listenOnLoopback((request, response) => {
      const url = request.url ?? '';
      seen.push({ url, authorization: request.headers.authorization, port: request.socket.remotePort ?? 0 });
      const json = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
        response.writeHead(status, { 'content-type': 'application/fhir+json', ...headers });
        response.end(JSON.stringify(body));
      };
      if (url.endsWith('/Medication/moved'))
        return void response.writeHead(302, { location: '/fhir/Medication/1' }).end();
      if (url.endsWith('/Medication/away'))
        return void response.writeHead(307, { location: `${other.url}/fhir/Medication/1` }).end();
      if (url.endsWith('/Medication/loop'))
        return void response.writeHead(301, { location: '/fhir/Medication/loop' }).end();
      if (url.startsWith('/fhir/Condition'))
        return json(
          429,
          { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'throttled' }] },
          { 'retry-after': '7' },
        );
      if (url.endsWith('/zipped')) {
        response.writeHead(200, { 'content-type': 'application/fhir+json', 'content-encoding': 'gzip' });
        return void response.end(gzipSync(JSON.stringify({ resourceType: 'Patient', id: 'z' })));
      }
      if (url.endsWith('/declared-big')) return json(200, { resourceType: 'Binary', data: 'x'.repeat(4096) });
      if (url.endsWith('/streamed-big')) {
        // No content-length: only the bytes that come can tell it is too large.
        response.writeHead(200, { 'content-type': 'application/fhir+json' });
        for (let chunk = 0; chunk < 8; chunk += 1) response.write(' '.repeat(512));
        return void response.end('{}');
      }
      if (url.endsWith('/bomb')) {
        response.writeHead(200, { 'content-type': 'application/fhir+json', 'content-encoding': 'gzip' });
        return void response.end(gzipSync(`{"data":"${'0'.repeat(64 * 1024)}"}`));
      }
      if (url.endsWith('/slow')) return void setTimeout(() => json(200, {}), 2000);
      if (url.endsWith('/text')) return void response.writeHead(200).end('\ufeffnot json');
      return json(200, { resourceType: 'Medication', id: '1', url });
    });
  });
  afterAll(async () => {
    await ehr.close();
    await other.close();
  });

  it('resolves relative URLs against the base and sends the token to the EHR only', async () => {
    seen.length = 0;
    const requester = createHttpRequester(`${ehr.url}/fhir`, 'secret-token');
    await expect(requester.request('Observation?patient=1&category=laboratory')).resolves.toMatchObject({
      url: '/fhir/Observation?patient=1&category=laboratory',
    });
    const elsewhere = ehr.url.replace('127.0.0.1', 'localhost');
    for (const url of [`${other.url}/fhir/x`, `${elsewhere}/fhir/x`, 'https://127.0.0.1/fhir/x'])
      await expect(requester.request(url)).rejects.toThrow(CrossOriginRefused);
    expect(seen.map((s) => [s.url, s.authorization])).toEqual([
      ['/fhir/Observation?patient=1&category=laboratory', 'Bearer secret-token'],
    ]);
  });

  it('follows redirects within the origin only', async () => {
    seen.length = 0;
    const requester = createHttpRequester(`${ehr.url}/fhir/`, 'secret-token');
    await expect(requester.request('Medication/moved')).resolves.toMatchObject({ id: '1' });
    await expect(requester.request('Medication/away')).rejects.toThrow(CrossOriginRefused);
    await expect(requester.request('Medication/loop')).rejects.toBeInstanceOf(FhirHttpError);
    expect(seen.filter((s) => s.url.startsWith('other:'))).toEqual([]);
  });

  it('throws FhirHttpError with the status, the parsed OperationOutcome and Retry-After', async () => {
    const error = await createHttpRequester(`${ehr.url}/fhir`)
      .request('Condition?patient=1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FhirHttpError);
    expect(error).toMatchObject({
      status: 429,
      statusCode: 429,
      body: { resourceType: 'OperationOutcome' },
      retryAfter: '7',
    });
  });

  it('reuses its connections from one call to the next', async () => {
    seen.length = 0;
    for (let call = 0; call < 3; call += 1) {
      const requester = createHttpRequester(`${ehr.url}/fhir`, `token-${call}`);
      await Promise.all([requester.request('Patient/1'), requester.request('Observation?patient=1')]);
    }
    expect(seen).toHaveLength(6);
    // Six requests over at most the two connections the first call opened.
    expect(new Set(seen.map((s) => s.port)).size).toBeLessThanOrEqual(2);
    expect(seen.map((s) => s.authorization)).toEqual([
      'Bearer token-0',
      'Bearer token-0',
      'Bearer token-1',
      'Bearer token-1',
      'Bearer token-2',
      'Bearer token-2',
    ]);
  });

  it('reads a gzip answer and a non-JSON one as fetch does', async () => {
    const requester = createHttpRequester(`${ehr.url}/fhir`);
    await expect(requester.request('zipped')).resolves.toEqual({ resourceType: 'Patient', id: 'z' });
    await expect(requester.request('text')).resolves.toBe('not json');
  });

  it('parses the same bytes once, gzip or not, and writes every answer and failure in the ledger', async () => {
    const bodies = new FetchedBodyCache();
    const scope = { fhirServer: `${ehr.url}/fhir/`, patientId: '1', requiredAsGaps: true };
    const read = async (ledger: FetchLedger, url: string): Promise<unknown> =>
      createHttpRequester(`${ehr.url}/fhir`, 'token', { bodies, ledger }).request(url);
    const first = new FetchLedger();
    const patient = await read(first, 'zipped');
    const medication = await read(first, 'Medication/1');
    const second = new FetchLedger();
    expect(await read(second, 'zipped')).toBe(patient);
    expect(await read(second, 'Medication/1')).toBe(medication);
    expect(Object.isFrozen(medication)).toBe(true);
    expect(bodies.size).toBe(2);
    expect(second.key(scope)).toBe(first.key(scope));
    // The answer echoes its URL: other bytes, another parse.
    expect(await read(new FetchLedger(), 'Medication/1?x')).not.toBe(medication);
    const failing = new FetchLedger();
    await read(failing, 'zipped');
    await expect(read(failing, 'Condition?patient=1')).rejects.toBeInstanceOf(FhirHttpError);
    expect(failing.key(scope)).toBeUndefined();
    const refused = new FetchLedger();
    await expect(read(refused, `${other.url}/fhir/x`)).rejects.toThrow(CrossOriginRefused);
    expect(refused.key(scope)).toBeUndefined();
  });

  it('refuses an answer larger than its limit, declared, streamed or decompressed, and stays usable', async () => {
    const ledger = new FetchLedger();
    const requester = createHttpRequester(`${ehr.url}/fhir`, 'token', { ledger, maxAnswerBytes: 1024 });
    for (const url of ['declared-big', 'streamed-big', 'bomb'])
      await expect(requester.request(url)).rejects.toBeInstanceOf(FhirAnswerTooLarge);
    expect(
      ledger.key({ fhirServer: `${ehr.url}/fhir/`, patientId: '1', requiredAsGaps: true }),
    ).toBeUndefined();
    // The same answers within the default limit; the connection pool still serves the next request.
    const unlimited = createHttpRequester(`${ehr.url}/fhir`);
    await expect(unlimited.request('declared-big')).resolves.toMatchObject({ resourceType: 'Binary' });
    await expect(unlimited.request('streamed-big')).resolves.toEqual({});
    await expect(unlimited.request('bomb')).resolves.toMatchObject({ data: expect.any(String) });
    await expect(requester.request('Medication/1')).resolves.toMatchObject({ id: '1' });
  });

  it('stops waiting when the caller aborts', async () => {
    const controller = new AbortController();
    const pending = createHttpRequester(`${ehr.url}/fhir`).request('slow', { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});
