/** A minimal SMART client over plain fetch, for driving the sandbox in tests (no browser). */
import { createHash, randomBytes } from 'node:crypto';

export const REDIRECT_URI = 'http://127.0.0.1:9/app/index.html';
export const CLIENT_ID = 'aih-navigator';
export const READ_SCOPES =
  'launch openid fhirUser online_access patient/Patient.read patient/Observation.read patient/MedicationRequest.read ' +
  'patient/MedicationStatement.read patient/Condition.read patient/AllergyIntolerance.read patient/Procedure.read patient/MedicationRequest.write ' +
  'patient/DocumentReference.write patient/ServiceRequest.write patient/ServiceRequest.read patient/DocumentReference.read';

export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  scope: string;
  patient: string;
  expires_in: number;
  need_patient_banner?: boolean;
  smart_style_url?: string;
  id_token?: string;
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export async function ehrLaunchId(origin: string, patientId: string): Promise<string> {
  const html = await (
    await fetch(`${origin}/ehr/chart`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ patient: patientId }).toString(),
    })
  ).text();
  const src = /<iframe[^>]*src="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
  const launch = src ? new URL(src).searchParams.get('launch') : null;
  if (!launch) throw new Error('No launch in the chart page');
  return launch;
}

export function authorizeUrl(origin: string, fhirBase: string, params: Record<string, string>): string {
  const url = new URL(`${origin}/auth/authorize`);
  const all = {
    response_type: 'code',
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    scope: READ_SCOPES,
    state: randomBytes(16).toString('hex'),
    aud: fhirBase,
    code_challenge_method: 'S256',
    ...params,
  };
  for (const [k, v] of Object.entries(all)) url.searchParams.set(k, v);
  return url.href;
}

/** Follow the authorize step without a browser: returns the redirect Location. */
export async function authorize(url: string): Promise<URL> {
  const res = await fetch(url, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location)
    throw new Error(`authorize answered ${res.status}: ${await res.text()}`);
  return new URL(location);
}

export async function tokenRequest(origin: string, form: Record<string, string>): Promise<Response> {
  return fetch(`${origin}/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

/** A full EHR launch for one patient; returns the token response. */
export async function launchAndToken(
  origin: string,
  fhirBase: string,
  patientId: string,
  scope = READ_SCOPES,
): Promise<TokenResponse> {
  const { verifier, challenge } = pkcePair();
  const launch = await ehrLaunchId(origin, patientId);
  const redirect = await authorize(
    authorizeUrl(origin, fhirBase, { launch, code_challenge: challenge, scope }),
  );
  const res = await tokenRequest(origin, {
    grant_type: 'authorization_code',
    code: redirect.searchParams.get('code') ?? '',
    redirect_uri: REDIRECT_URI,
    client_id: CLIENT_ID,
    code_verifier: verifier,
  });
  if (!res.ok) throw new Error(`token answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as TokenResponse;
}

export async function fhirGet(
  fhirBase: string,
  token: string,
  path: string,
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${fhirBase}/${path}`, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json' },
  });
  return { status: res.status, body: await res.json() };
}
