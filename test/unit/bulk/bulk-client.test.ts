import { generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { BackendAuth } from '../../../src/bulk/backend-auth.js';
import { kickOffExport, kickOffUrl, pollExport, retryAfterMs } from '../../../src/bulk/export-job.js';
import { authorisedFetch, BulkError, type Fetch } from '../../../src/bulk/http.js';

const BASE = 'https://fhir.example.org/R4';

/** A fetch that answers from a queue and records what it was asked. */
function scripted(answers: (() => Response)[]) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fetch: Fetch = async (input, init) => {
    calls.push({ url: String(input), init });
    const next = answers.shift();
    if (!next) throw new Error('unexpected request');
    return next();
  };
  return { fetch, calls };
}

const noSleep = { sleep: async () => undefined };
function recordingSleep() {
  const sleeps: number[] = [];
  return { sleeps, sleep: async (ms: number) => void sleeps.push(ms) };
}

const fixedToken = { token: async () => 'tok', invalidate: () => undefined };

describe('kick-off', () => {
  it('asks for the types read, async, and returns the status URL', async () => {
    const { fetch, calls } = scripted([
      () => new Response(null, { status: 202, headers: { 'content-location': '/status/1' } }),
    ]);
    const authorised = authorisedFetch('https://fhir.example.org', fixedToken, fetch);
    const status = await kickOffExport(
      { fhirBase: BASE, types: ['Patient', 'Observation'], groupId: 'g 1' },
      authorised,
      noSleep,
    );
    expect(status).toBe('https://fhir.example.org/status/1');
    expect(calls[0]?.url).toBe(`${BASE}/Group/g%201/$export?_type=Patient%2CObservation`);
    const headers = new Headers(calls[0]?.init?.headers);
    expect(headers.get('prefer')).toBe('respond-async');
    expect(headers.get('authorization')).toBe('Bearer tok');
    expect(
      kickOffUrl({ fhirBase: `${BASE}/`, types: ['Patient'], typeFilters: ['Patient?active=true'] }),
    ).toBe(`${BASE}/Patient/$export?_type=Patient&_typeFilter=Patient%3Factive%3Dtrue`);
  });

  it('waits and tries again while the server runs another job (429), and reports a refusal', async () => {
    const timing = recordingSleep();
    const { fetch } = scripted([
      () => new Response(null, { status: 429, headers: { 'retry-after': '7' } }),
      () => new Response(null, { status: 202, headers: { 'content-location': `${BASE}/s` } }),
    ]);
    const authorised = authorisedFetch('https://fhir.example.org', fixedToken, fetch);
    await expect(kickOffExport({ fhirBase: BASE, types: ['Patient'] }, authorised, timing)).resolves.toBe(
      `${BASE}/s`,
    );
    expect(timing.sleeps).toEqual([7000]);
    const refused = scripted([
      () =>
        Response.json(
          {
            resourceType: 'OperationOutcome',
            issue: [{ severity: 'error', code: 'forbidden', diagnostics: 'no group' }],
          },
          { status: 403 },
        ),
    ]);
    await expect(
      kickOffExport(
        { fhirBase: BASE, types: ['Patient'] },
        authorisedFetch('https://fhir.example.org', fixedToken, refused.fetch),
        noSleep,
      ),
    ).rejects.toThrow(/could not be started: HTTP 403: no group/);
  });
});

describe('polling', () => {
  const manifest = {
    transactionTime: '2026-12-01T00:00:00Z',
    request: `${BASE}/Patient/$export`,
    requiresAccessToken: true,
    output: [{ type: 'Patient', url: `${BASE}/files/Patient.ndjson` }],
    error: [],
  };

  it('honours Retry-After, backs off exponentially without it, and reports X-Progress', async () => {
    const timing = recordingSleep();
    const { fetch } = scripted([
      () => new Response(null, { status: 202, headers: { 'retry-after': '3', 'x-progress': '10%' } }),
      () => new Response(null, { status: 202 }),
      () => new Response(null, { status: 202 }),
      () => Response.json(manifest),
    ]);
    const progress: (string | undefined)[] = [];
    const result = await pollExport(
      `${BASE}/s`,
      authorisedFetch('https://fhir.example.org', fixedToken, fetch),
      { ...timing, initialDelayMs: 500 },
      (p) => progress.push(p),
    );
    expect(result.output).toHaveLength(1);
    expect(timing.sleeps).toEqual([3000, 1000, 2000]);
    expect(progress).toEqual(['10%', undefined, undefined]);
  });

  it('fails with the server message on an error status, and on a manifest that is not Bulk Data JSON', async () => {
    const failed = scripted([
      () =>
        Response.json(
          { resourceType: 'OperationOutcome', issue: [{ diagnostics: 'boom' }] },
          { status: 500 },
        ),
    ]);
    await expect(
      pollExport(
        `${BASE}/s`,
        authorisedFetch('https://fhir.example.org', fixedToken, failed.fetch),
        noSleep,
        () => undefined,
      ),
    ).rejects.toThrow(/export failed: HTTP 500: boom/);
    const bad = scripted([() => Response.json({ output: 'nope' })]);
    await expect(
      pollExport(
        `${BASE}/s`,
        authorisedFetch('https://fhir.example.org', fixedToken, bad.fetch),
        noSleep,
        () => undefined,
      ),
    ).rejects.toBeInstanceOf(BulkError);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = () => Date.parse('2026-12-01T00:00:00Z');
    expect(retryAfterMs(new Response(null, { headers: { 'retry-after': '120' } }), 5, now)).toBe(120_000);
    expect(
      retryAfterMs(
        new Response(null, { headers: { 'retry-after': 'Tue, 01 Dec 2026 00:00:30 GMT' } }),
        5,
        now,
      ),
    ).toBe(30_000);
    expect(retryAfterMs(new Response(null), 5, now)).toBe(5);
  });
});

describe('the access token', () => {
  it('goes only to the FHIR origin, is fetched again once after a 401, and follows no redirect', async () => {
    const tokens = ['first', 'second'];
    const invalidated: string[] = [];
    const auth = {
      token: async () => tokens[0] ?? 'none',
      invalidate: (t: string) => void (invalidated.push(t), tokens.shift()),
    };
    const { fetch, calls } = scripted([
      () => new Response(null, { status: 401 }),
      () => new Response('ok'),
      () => new Response('file'),
      () => new Response(null, { status: 302, headers: { location: 'https://evil.example.com/' } }),
    ]);
    const authorised = authorisedFetch('https://fhir.example.org', auth, fetch);
    await authorised(`${BASE}/Patient`);
    expect(invalidated).toEqual(['first']);
    expect(new Headers(calls[1]?.init?.headers).get('authorization')).toBe('Bearer second');
    await authorised('https://bucket.storage.example.net/file.ndjson');
    expect(new Headers(calls[2]?.init?.headers).get('authorization')).toBeNull();
    await expect(authorised(`${BASE}/redirected`)).rejects.toThrow(/redirected .* not followed/);
    expect(calls.every((call) => call.init?.redirect === 'manual')).toBe(true);
  });

  it('is reused until shortly before it expires, with a fresh signed assertion each time', async () => {
    const { privateKey } = await generateKeyPair('RS384');
    let clock = 1_000_000;
    const bodies: URLSearchParams[] = [];
    const fetch: Fetch = async (_url, init) => {
      bodies.push(new URLSearchParams(String(init?.body)));
      return Response.json({ access_token: `t${bodies.length}`, expires_in: 300 });
    };
    const auth = new BackendAuth({
      tokenUrl: 'https://auth.example.org/token',
      clientId: 'screen',
      key: privateKey,
      alg: 'RS384',
      scopes: ['system/Patient.rs'],
      fetch,
      now: () => clock,
    });
    expect(await auth.token()).toBe('t1');
    clock += 200_000;
    expect(await auth.token()).toBe('t1');
    clock += 80_000; // 20 s before expiry: renewed
    expect(await auth.token()).toBe('t2');
    expect(auth.requests).toBe(2);
    const [first, second] = bodies;
    expect(first?.get('grant_type')).toBe('client_credentials');
    expect(first?.get('client_assertion_type')).toBe(
      'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    );
    expect(first?.get('scope')).toBe('system/Patient.rs');
    expect(first?.get('client_assertion')).not.toBe(second?.get('client_assertion'));
    const header = JSON.parse(
      Buffer.from(first?.get('client_assertion')?.split('.')[0] ?? '', 'base64url').toString(),
    );
    expect(header.alg).toBe('RS384');
  });
});
