import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/server.js';
import {
  authorize,
  authorizeUrl,
  CLIENT_ID,
  ehrLaunchId,
  fhirGet,
  launchAndToken,
  pkcePair,
  REDIRECT_URI,
  tokenRequest,
} from './smart-client.js';

let sandbox: RunningSandbox;
let origin: string;
let fhirBase: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, appUrl: 'http://127.0.0.1:9/app', today: '2026-06-15' });
  ({ origin, fhirBase } = sandbox);
});
afterAll(() => sandbox.close());

async function admin(path: string, body?: unknown): Promise<Response> {
  return fetch(`${origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('SMART configuration', () => {
  it('advertises the launch capabilities and PKCE S256 only', async () => {
    const res = await fetch(`${fhirBase}/.well-known/smart-configuration`);
    const config = await res.json();
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(config.authorization_endpoint).toBe(`${origin}/auth/authorize`);
    expect(config.token_endpoint).toBe(`${origin}/auth/token`);
    expect(config.code_challenge_methods_supported).toEqual(['S256']);
    for (const capability of [
      'launch-ehr',
      'launch-standalone',
      'client-public',
      'context-ehr-patient',
      'context-standalone-patient',
      'permission-v1',
      'permission-v2',
    ]) {
      expect(config.capabilities).toContain(capability);
    }
  });
});

describe('EHR launch', () => {
  it('binds the patient of the launch and echoes state', async () => {
    const { challenge } = pkcePair();
    const launch = await ehrLaunchId(origin, 'aih-kirsi');
    const url = authorizeUrl(origin, fhirBase, { launch, code_challenge: challenge, state: 'state-123' });
    const redirect = await authorize(url);
    expect(redirect.origin + redirect.pathname).toBe(REDIRECT_URI);
    expect(redirect.searchParams.get('state')).toBe('state-123');
    expect(redirect.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('issues a token with patient, banner, style, refresh token and an id_token', async () => {
    const token = await launchAndToken(origin, fhirBase, 'aih-ada');
    expect(token.patient).toBe('aih-ada');
    expect(token.need_patient_banner).toBe(true);
    expect(token.smart_style_url).toBe(`${origin}/smart-style.json`);
    expect(token.refresh_token).toBeTruthy();
    const jwks = createLocalJWKSet(await (await fetch(`${origin}/auth/jwks`)).json());
    const { payload } = await jwtVerify(token.id_token ?? '', jwks, {
      issuer: fhirBase,
      audience: CLIENT_ID,
    });
    expect(payload.fhirUser).toBe(`${fhirBase}/Practitioner/demo-clinician`);
    expect(token.scope.split(' ')).toContain('patient/Observation.read');
    const style = await fetch(token.smart_style_url ?? '');
    expect((await style.json()).color_highlight).toMatch(/^#/);
  });

  it('grants only allow-listed scopes', async () => {
    const token = await launchAndToken(
      origin,
      fhirBase,
      'aih-ada',
      'launch patient/Observation.rs user/*.* system/*.read patient/Foo.read online_access',
    );
    expect(token.scope.split(' ').sort()).toEqual(['launch', 'online_access', 'patient/Observation.rs']);
  });

  it('refuses an unknown launch by redirecting with an error', async () => {
    const { challenge } = pkcePair();
    const redirect = await authorize(
      authorizeUrl(origin, fhirBase, { launch: 'nope', code_challenge: challenge, state: 's1' }),
    );
    expect(redirect.searchParams.get('error')).toBe('invalid_request');
    expect(redirect.searchParams.get('state')).toBe('s1');
  });

  it('never redirects to an unregistered redirect_uri or for another aud', async () => {
    const { challenge } = pkcePair();
    const launch = await ehrLaunchId(origin, 'aih-ada');
    const evil = await fetch(
      authorizeUrl(origin, fhirBase, {
        launch,
        code_challenge: challenge,
        redirect_uri: 'https://evil.example/cb',
      }),
      { redirect: 'manual' },
    );
    expect(evil.status).toBe(400);
    expect(await evil.text()).toContain('not registered');
    const wrongAud = await fetch(
      authorizeUrl(origin, 'https://other.example/fhir', { launch, code_challenge: challenge }),
      {
        redirect: 'manual',
      },
    );
    expect(wrongAud.status).toBe(400);
  });

  it('requires a PKCE challenge', async () => {
    const launch = await ehrLaunchId(origin, 'aih-ada');
    const res = await fetch(authorizeUrl(origin, fhirBase, { launch, code_challenge: 'short' }), {
      redirect: 'manual',
    });
    expect(res.status).toBe(400);
  });
});

describe('token endpoint', () => {
  async function codeFor(patientId: string, challenge: string): Promise<string> {
    const launch = await ehrLaunchId(origin, patientId);
    const redirect = await authorize(authorizeUrl(origin, fhirBase, { launch, code_challenge: challenge }));
    return redirect.searchParams.get('code') ?? '';
  }

  it('rejects a wrong code_verifier, and the code is then spent', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await codeFor('aih-ada', challenge);
    const base = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, client_id: CLIENT_ID };
    const wrong = await tokenRequest(origin, { ...base, code_verifier: pkcePair().verifier });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error).toBe('invalid_grant');
    const right = await tokenRequest(origin, { ...base, code_verifier: verifier });
    expect(right.status).toBe(400);
  });

  it('accepts a code once only', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await codeFor('aih-ada', challenge);
    const form = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      client_id: CLIENT_ID,
      code_verifier: verifier,
    };
    expect((await tokenRequest(origin, form)).status).toBe(200);
    expect((await tokenRequest(origin, form)).status).toBe(400);
  });

  it('rejects a mismatched redirect_uri or client_id', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await codeFor('aih-ada', challenge);
    const res = await tokenRequest(origin, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'http://127.0.0.1:9/other',
      client_id: CLIENT_ID,
      code_verifier: verifier,
    });
    expect(res.status).toBe(400);
    const { verifier: v2, challenge: c2 } = pkcePair();
    const code2 = await codeFor('aih-ada', c2);
    const res2 = await tokenRequest(origin, {
      grant_type: 'authorization_code',
      code: code2,
      redirect_uri: REDIRECT_URI,
      client_id: 'someone-else',
      code_verifier: v2,
    });
    expect(res2.status).toBe(401);
  });

  it('refreshes with rotation, and refuses when switched to', async () => {
    const token = await launchAndToken(origin, fhirBase, 'aih-ada');
    const refreshed = await tokenRequest(origin, {
      grant_type: 'refresh_token',
      refresh_token: token.refresh_token ?? '',
      client_id: CLIENT_ID,
    });
    expect(refreshed.status).toBe(200);
    const next = await refreshed.json();
    expect(next.access_token).not.toBe(token.access_token);
    expect(next.patient).toBe('aih-ada');
    expect((await fhirGet(fhirBase, next.access_token, 'Patient/aih-ada')).status).toBe(200);
    const reused = await tokenRequest(origin, {
      grant_type: 'refresh_token',
      refresh_token: token.refresh_token ?? '',
      client_id: CLIENT_ID,
    });
    expect(reused.status).toBe(400);

    await admin('/admin/faults', { refuseRefresh: true });
    try {
      const refused = await tokenRequest(origin, {
        grant_type: 'refresh_token',
        refresh_token: next.refresh_token,
        client_id: CLIENT_ID,
      });
      expect(refused.status).toBe(400);
      expect((await refused.json()).error).toBe('invalid_grant');
    } finally {
      await admin('/admin/faults/reset');
    }
  });

  it('gives no refresh token without online_access or offline_access', async () => {
    const token = await launchAndToken(origin, fhirBase, 'aih-ada', 'launch patient/Observation.read');
    expect(token.refresh_token).toBeUndefined();
  });
});

describe('standalone launch', () => {
  it('shows the patient picker and issues a code for the chosen patient', async () => {
    const { verifier, challenge } = pkcePair();
    const page = await fetch(
      authorizeUrl(origin, fhirBase, {
        code_challenge: challenge,
        state: 'st',
        scope: 'launch/patient patient/*.read',
      }),
    );
    const html = await page.text();
    expect(html).toContain('Select a patient');
    expect(html).toContain('Ada Testpatient');
    const request = /name="request" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const picked = await fetch(`${origin}/auth/pick`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ request, patient: 'aih-bruno' }).toString(),
    });
    const location = new URL(picked.headers.get('location') ?? '');
    expect(location.searchParams.get('state')).toBe('st');
    const token = await tokenRequest(origin, {
      grant_type: 'authorization_code',
      code: location.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT_URI,
      client_id: CLIENT_ID,
      code_verifier: verifier,
    });
    expect((await token.json()).patient).toBe('aih-bruno');
  });
});

describe('error injection on the FHIR server', () => {
  it('answers 401 for expired tokens and 401 without a token', async () => {
    const token = await launchAndToken(origin, fhirBase, 'aih-ada');
    expect((await fhirGet(fhirBase, token.access_token, 'Patient/aih-ada')).status).toBe(200);
    await admin('/admin/expire-tokens');
    const expired = await fetch(`${fhirBase}/Patient/aih-ada`, {
      headers: { authorization: `Bearer ${token.access_token}` },
    });
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toContain('invalid_token');
    expect((await fetch(`${fhirBase}/Patient/aih-ada`)).status).toBe(401);
  });

  it('leaves a denied type out of the grant and answers 403 for it', async () => {
    await admin('/admin/faults', { deniedType: 'MedicationRequest' });
    try {
      const token = await launchAndToken(origin, fhirBase, 'aih-ada', 'launch patient/*.read');
      expect(token.scope).not.toContain('MedicationRequest');
      expect(token.scope).toContain('patient/Observation.read');
      const denied = await fhirGet(fhirBase, token.access_token, 'MedicationRequest?patient=aih-ada');
      expect(denied.status).toBe(403);
      expect(denied.body.resourceType).toBe('OperationOutcome');
      expect((await fhirGet(fhirBase, token.access_token, 'Condition?patient=aih-ada')).status).toBe(200);
    } finally {
      await admin('/admin/faults/reset');
    }
  });

  it('fails one type with 500 and delays responses', async () => {
    const token = await launchAndToken(origin, fhirBase, 'aih-ada');
    await admin('/admin/faults', { failingType: 'Condition', slowMs: 150 });
    try {
      const started = Date.now();
      expect((await fhirGet(fhirBase, token.access_token, 'Condition?patient=aih-ada')).status).toBe(500);
      expect((await fhirGet(fhirBase, token.access_token, 'AllergyIntolerance?patient=aih-ada')).status).toBe(
        200,
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    } finally {
      await admin('/admin/faults/reset');
    }
  });

  it('rejects unknown or invalid switches', async () => {
    expect((await admin('/admin/faults', { failingType: 'Encounter' })).status).toBe(400);
    expect((await admin('/admin/faults', { bogus: true })).status).toBe(400);
    expect((await (await fetch(`${origin}/admin/faults`)).json()).failingType).toBeNull();
  });

  it('issues short-lived tokens when told to', async () => {
    await admin('/admin/faults', { accessTokenLifetimeSeconds: 5 });
    try {
      expect((await launchAndToken(origin, fhirBase, 'aih-ada')).expires_in).toBe(5);
    } finally {
      await admin('/admin/faults/reset');
    }
  });
});
