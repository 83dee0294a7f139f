/**
 * The demo EHR refuses what a web page of another origin, another machine or another app could do
 * with it (issue 12, finding 9): admin changes, codes sent to unregistered addresses, unknown
 * clients, and refresh tokens used by a client they were not issued to.
 */
import { request as httpRequest } from 'node:http';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopbackAddress } from '../../../src/sandbox/admin-guard.js';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/server.js';
import {
  authorizeUrl,
  CLIENT_ID,
  ehrLaunchId,
  fhirGet,
  launchAndToken,
  pkcePair,
  tokenRequest,
} from './smart-client.js';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, appUrl: 'http://127.0.0.1:9/app', today: '2026-06-15' });
});
afterAll(() => sandbox.close());

/** A raw request, so Host and Origin can be whatever a hostile page or rebinding DNS makes them. */
function raw(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: options.method ?? 'GET', headers: options.headers ?? {} },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

async function slowMs(): Promise<number> {
  return ((await (await fetch(`${sandbox.origin}/admin/faults`)).json()) as { slowMs: number }).slowMs;
}

describe('admin endpoints', () => {
  const json = { 'content-type': 'application/json' };

  it('refuse a cross-site POST (another Origin), leaving the switches as they were', async () => {
    const res = await raw(`${sandbox.origin}/admin/faults`, {
      method: 'POST',
      headers: { ...json, origin: 'http://attacker.example' },
      body: JSON.stringify({ slowMs: 5000 }),
    });
    expect(res.status).toBe(403);
    expect(await slowMs()).toBe(0);
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', ''])(
    'refuse a change sent as %s (a form or simple request needs no preflight)',
    async (type) => {
      const token = await launchAndToken(sandbox.origin, sandbox.fhirBase, 'aih-ada');
      for (const path of ['/admin/expire-tokens', '/admin/faults/reset', '/admin/faults']) {
        const res = await raw(`${sandbox.origin}${path}`, {
          method: 'POST',
          headers: type ? { 'content-type': type } : {},
          body: '{"slowMs":5000}',
        });
        expect(res.status).toBe(415);
      }
      expect((await fhirGet(sandbox.fhirBase, token.access_token, 'Patient/aih-ada')).status).toBe(200);
      expect(await slowMs()).toBe(0);
    },
  );

  it('refuse a request addressed to another host name (DNS rebinding)', async () => {
    const port = new URL(sandbox.origin).port;
    const read = await raw(`${sandbox.origin}/admin/events`, {
      headers: { host: `attacker.example:${port}` },
    });
    expect(read.status).toBe(403);
  });

  it('accept a change from the sandbox itself or from a client with no Origin, as JSON', async () => {
    for (const headers of [json, { ...json, origin: sandbox.origin }]) {
      const res = await raw(`${sandbox.origin}/admin/faults/reset`, { method: 'POST', headers });
      expect(res.status).toBe(200);
    }
    const viaLocalhost = sandbox.origin.replace('127.0.0.1', 'localhost');
    expect((await raw(`${viaLocalhost}/admin/events`)).status).toBe(200);
  });

  it('tell loopback addresses from others', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) {
      expect(isLoopbackAddress(address)).toBe(true);
    }
    for (const address of ['192.0.2.2', '::ffff:192.0.2.2', 'fd00::2', '0.0.0.0', '::', '', undefined]) {
      expect(isLoopbackAddress(address)).toBe(false);
    }
  });

  const external = Object.values(networkInterfaces())
    .flat()
    .find((info) => info && info.family === 'IPv4' && !info.internal)?.address;

  it.skipIf(!external)(
    'refuse clients on other machines when the sandbox listens on every interface',
    async () => {
      const open = await startSandbox({ host: '0.0.0.0', port: 0, appUrl: 'http://127.0.0.1:9/app' });
      try {
        const port = new URL(open.origin).port;
        const headers = { ...json, host: `127.0.0.1:${port}` };
        const remote = await raw(`http://${external}:${port}/admin/faults`, {
          method: 'POST',
          headers,
          body: '{"slowMs":5000}',
        });
        expect(remote.status).toBe(403);
        expect((await raw(`http://${external}:${port}/admin/events`, { headers })).status).toBe(403);
        expect((await raw(`http://127.0.0.1:${port}/admin/events`)).status).toBe(200);
      } finally {
        await open.close();
      }
    },
  );
});

describe('authorization server', () => {
  async function authorizeStatus(params: Record<string, string>): Promise<number> {
    const launch = await ehrLaunchId(sandbox.origin, 'aih-ada');
    const url = authorizeUrl(sandbox.origin, sandbox.fhirBase, {
      launch,
      code_challenge: pkcePair().challenge,
      ...params,
    });
    const res = await fetch(url, { redirect: 'manual' });
    return res.status;
  }

  it.each([
    'http://127.0.0.1:9/app/other.html',
    'http://127.0.0.1:9/app/index.html?next=x',
    'http://127.0.0.1:9/',
  ])('sends no code to %s: redirect URIs are registered exactly, not by origin', async (redirectUri) => {
    expect(await authorizeStatus({ redirect_uri: redirectUri })).toBe(400);
  });

  it("sends no code to the EHR's own origin either (nothing is registered there)", async () => {
    expect(await authorizeStatus({ redirect_uri: `${sandbox.origin}/index.html` })).toBe(400);
  });

  it('refuses an unknown client_id without redirecting', async () => {
    expect(await authorizeStatus({ client_id: 'someone-else' })).toBe(400);
    expect(await authorizeStatus({})).toBe(302);
  });

  it('refuses a token request from an unknown client_id', async () => {
    const res = await tokenRequest(sandbox.origin, {
      grant_type: 'authorization_code',
      code: 'x',
      redirect_uri: 'http://127.0.0.1:9/app/index.html',
      client_id: 'someone-else',
      code_verifier: pkcePair().verifier,
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_client');
  });

  it.each([['another-client'], ['']])(
    'refuses a refresh with client_id "%s": the refresh token belongs to the client that got it',
    async (clientId) => {
      const token = await launchAndToken(sandbox.origin, sandbox.fhirBase, 'aih-ada');
      const form = { grant_type: 'refresh_token', refresh_token: token.refresh_token ?? '' };
      const res = await tokenRequest(sandbox.origin, clientId ? { ...form, client_id: clientId } : form);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: string }).error).toBe('invalid_grant');
      const fresh = await launchAndToken(sandbox.origin, sandbox.fhirBase, 'aih-ada');
      const ok = await tokenRequest(sandbox.origin, {
        grant_type: 'refresh_token',
        refresh_token: fresh.refresh_token ?? '',
        client_id: CLIENT_ID,
      });
      expect(ok.status).toBe(200);
    },
  );
});
