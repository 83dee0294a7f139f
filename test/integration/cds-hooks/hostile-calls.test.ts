/**
 * Hostile calls to the service: a fhirServer the issuer is not trusted with, plain http, a medication
 * reference to another origin, a JWKS on plain http, a deeply nested body, an aborted upload.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCdsServer, type CdsServer } from '../../../src/cds-hooks/server.js';
import type { CdsServerConfig } from '../../../src/cds-hooks/config.js';
import { makeKey, postJson, signJwt, startFhirServer, startJwks, type TestKey } from './helpers.js';
import { AS_OF, hookRequest, insufficientResponder, prefetchFor } from './patients.js';

const ISSUER = 'https://ehr.example.org';
const OLD_STYLE_ISSUER = 'https://old.example.org';
const TOKEN = 'ehr-access-token';

describe('CDS Hooks service against hostile calls', () => {
  let key: TestKey;
  let jwks: Awaited<ReturnType<typeof startJwks>>;
  let fhir: Awaited<ReturnType<typeof startFhirServer>>;
  let elsewhere: Awaited<ReturnType<typeof startFhirServer>>;
  let dataDir: string;
  const running: CdsServer[] = [];
  const logs: string[] = [];
  const patients = insufficientResponder();

  beforeAll(async () => {
    key = await makeKey('ES384', 'ehr-key');
    jwks = await startJwks([key]);
    fhir = await startFhirServer(patients);
    elsewhere = await startFhirServer([
      ...patients,
      { resourceType: 'Medication', id: 'evil', code: { text: 'mycophenolate' } },
    ]);
    dataDir = await mkdtemp(join(tmpdir(), 'cds-hostile-'));
  });
  afterEach(() => vi.restoreAllMocks());
  afterAll(async () => {
    await Promise.all(running.map((server) => server.close()));
    await Promise.all([jwks.close(), fhir.close(), elsewhere.close()]);
    await rm(dataDir, { recursive: true, force: true });
  });

  async function start(extra: Partial<CdsServerConfig> = {}): Promise<string> {
    const server = createCdsServer({
      port: 0,
      trustedIssuers: {
        [ISSUER]: { jwksUrl: jwks.jwksUrl, fhirServers: [fhir.base] },
        [OLD_STYLE_ISSUER]: jwks.jwksUrl,
      },
      allowLoopbackHttp: true,
      dataDir: join(dataDir, String(running.length)),
      today: () => AS_OF,
      workers: 0,
      log: (line) => logs.push(line),
      ...extra,
    });
    running.push(server);
    return `${(await server.listen()).url}/cds-services/aih-navigator`;
  }
  const call = async (url: string, body: unknown, iss = ISSUER) =>
    postJson(url, body, await signJwt(key, { iss, aud: url }));

  it('sends the token only to a FHIR server listed for the calling issuer', async () => {
    const url = await start();
    const before = elsewhere.requests.length;
    const unlisted = await call(
      url,
      hookRequest('p-insufficient', { fhirServer: elsewhere.base, accessToken: TOKEN }),
    );
    expect(unlisted.status).toBe(403);
    expect(unlisted.body).toMatchObject({ error: 'fhir-server-not-trusted' });
    // An issuer given in the older form (JWKS URL only) is trusted with no FHIR server.
    const oldStyle = await call(
      url,
      hookRequest('p-insufficient', { fhirServer: fhir.base, accessToken: TOKEN }),
      OLD_STYLE_ISSUER,
    );
    expect(oldStyle.status).toBe(403);
    expect(elsewhere.requests.length).toBe(before);
    // The listed one, spelt with a trailing slash, is read with the token.
    const listed = await call(
      url,
      hookRequest('p-insufficient', { fhirServer: `${fhir.base}/`, accessToken: TOKEN }),
    );
    expect(listed.status).toBe(200);
    expect(fhir.requests.some((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('refuses plain http to another host, and to loopback unless explicitly allowed', async () => {
    const url = await start();
    const remote = await call(
      url,
      hookRequest('p-insufficient', { fhirServer: 'http://ehr.example.org/fhir', accessToken: TOKEN }),
    );
    expect(remote.status).toBe(400);
    expect(remote.body).toMatchObject({ error: 'insecure-fhir-server' });
    // Without the development flag a loopback JWKS or FHIR server on plain http is a start-up error.
    expect(() =>
      createCdsServer({ port: 0, trustedIssuers: { [ISSUER]: { jwksUrl: jwks.jwksUrl, fhirServers: [] } } }),
    ).toThrow(/not an https URL/);
    expect(() =>
      createCdsServer({
        port: 0,
        trustedIssuers: { [ISSUER]: { jwksUrl: 'https://ehr.example.org/jwks', fhirServers: [fhir.base] } },
      }),
    ).toThrow(/not an https URL/);
  });

  it('never reads a medication reference on another origin, and says the drug is unknown', async () => {
    const url = await start();
    const prefetch = prefetchFor(patients);
    const medications = prefetch.medications as { entry: { resource: Record<string, unknown> }[] };
    const order = medications.entry[0]?.resource;
    expect(order).toBeDefined();
    if (order) {
      delete order.medicationCodeableConcept;
      order.medicationReference = { reference: `${elsewhere.base}/Medication/evil` };
    }
    const before = elsewhere.requests.length;
    const answer = await call(
      url,
      hookRequest('p-insufficient', { prefetch, fhirServer: fhir.base, accessToken: TOKEN }),
    );
    expect(answer.status).toBe(200);
    expect(elsewhere.requests.length).toBe(before);
    expect(JSON.stringify(answer.body)).toMatch(/referenced drug\(s\) could not be read/);
    expect(JSON.stringify(answer.body)).not.toMatch(/mycophenolate/i);
  });

  it('puts nothing of a unit string into the service log or the console', async () => {
    const url = await start();
    logs.length = 0;
    const printed = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation(() => undefined),
    );
    const prefetch = prefetchFor(patients);
    const labs = prefetch.labs as { entry: { resource: Record<string, unknown> }[] };
    for (const [index, entry] of labs.entry.entries()) {
      const quantity = entry.resource.valueQuantity as Record<string, unknown> | undefined;
      if (quantity)
        Object.assign(quantity, { unit: `Jane Doe MRN 1234${index}`, code: `Jane Doe MRN 1234${index}` });
    }
    const answer = await call(url, hookRequest('p-insufficient', { prefetch }));
    expect(answer.status).toBe(200);
    for (const spy of printed) expect(spy).not.toHaveBeenCalled();
    expect(logs.join('\n')).not.toMatch(/Jane|Unit requested/);
  });

  it('refuses a deeply nested 20 MB body quickly, without parsing it', async () => {
    const url = await start();
    const body = '['.repeat(10_000_000) + ']'.repeat(10_000_000);
    const parse = vi.spyOn(JSON, 'parse');
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${await signJwt(key, { iss: ISSUER, aud: url })}`,
      },
      body,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'too-deeply-nested' });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(parse.mock.calls.some(([text]) => typeof text === 'string' && text.length > 1_000_000)).toBe(
      false,
    );
  });

  it('logs an upload the client abandons as aborted, not as a failure of the service', async () => {
    const url = new URL(await start({ allowUnsigned: true }));
    logs.length = 0;
    await new Promise<void>((resolve) => {
      const request = httpRequest(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Content-Length': '100000' },
      });
      request.on('error', () => resolve());
      request.write('{"hook":"patient-view",');
      setTimeout(() => {
        request.destroy();
        resolve();
      }, 200);
    });
    await vi.waitFor(() => expect(logs.some((line) => / aborted /.test(line))).toBe(true));
    expect(logs.some((line) => / 500 |internal error/.test(line))).toBe(false);
  });
});
