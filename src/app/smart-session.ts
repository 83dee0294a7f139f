/**
 * Completes the SMART launch on the app page (fhirclient `ready`) and adapts the client to {@link AppSession}.
 */
import FHIR from 'fhirclient';
import type Client from 'fhirclient/lib/Client';
import { z } from '../zod.js';
import { pinnedToOrigin } from '../fhir/load/origin-pin.js';
import { findEhrConfig, loaderEhrOf } from '../smart-config.js';
import { postThroughClient } from './fhir-post.js';
import { tokenFactsOf, type AppSession } from './session.js';

export class NotLaunchedError extends Error {
  constructor() {
    super('The app was opened without a SMART launch.');
    this.name = 'NotLaunchedError';
  }
}

const storedStateSchema = z.looseObject({ serverUrl: z.string() });

/** The FHIR server of a launch in progress, from fhirclient's own sessionStorage entry (read-only). */
function serverUrlOfPendingLaunch(stateKey: string | null): string | undefined {
  if (!stateKey) return undefined;
  try {
    const parsed = storedStateSchema.safeParse(JSON.parse(sessionStorage.getItem(stateKey) ?? 'null'));
    return parsed.success ? parsed.data.serverUrl : undefined;
  } catch {
    return undefined;
  }
}

/** True when the page carries nothing of a SMART launch: show how to launch instead of an error. */
export function isWithoutLaunch(search: string, storage: Pick<Storage, 'getItem'>): boolean {
  const params = new URLSearchParams(search);
  if (params.has('code') || params.has('state') || params.has('error')) return false;
  return storage.getItem('SMART_KEY') === null;
}

/** The signed-in user from the id_token (`Practitioner/123`); absent when the EHR gave none. */
function fhirUserOf(client: Client): { fhirUser?: string } {
  try {
    const fhirUser = client.getFhirUser();
    return fhirUser ? { fhirUser } : {};
  } catch {
    return {};
  }
}

export function sessionFromClient(client: Client): AppSession {
  const patientId = client.patient.id;
  if (!patientId) throw new Error('The EHR did not give a patient in the launch context.');
  const fhirBaseUrl = client.state.serverUrl;
  const ehr = findEhrConfig(fhirBaseUrl);
  // fhirclient sends the token with every request: anything not on the EHR's origin is refused first.
  const request = pinnedToOrigin(fhirBaseUrl, (url: string, init?: { signal?: AbortSignal }) =>
    client.request({ url, ...(init?.signal ? { signal: init.signal } : {}) }),
  );
  return {
    patientId,
    ehr: loaderEhrOf(ehr),
    fhirBaseUrl,
    ...tokenFactsOf(client.state.tokenResponse),
    fhir: {
      request,
      post: postThroughClient(client),
    },
    ...fhirUserOf(client),
  };
}

export async function openSmartSession(): Promise<AppSession> {
  if (isWithoutLaunch(window.location.search, sessionStorage)) throw new NotLaunchedError();
  const stateKey = new URLSearchParams(window.location.search).get('state');
  const serverUrl = serverUrlOfPendingLaunch(stateKey);
  const ehr = serverUrl ? findEhrConfig(serverUrl) : undefined;
  // Must match the launch page's choice, or fhirclient looks for its state in the wrong place.
  if (ehr && !ehr.fullSessionStorageSupport) FHIR.oauth2.settings.fullSessionStorageSupport = false;
  // A public client names itself when refreshing (RFC 6749 §3.2.1), so the EHR can bind the refresh
  // token to the client it was issued to.
  FHIR.oauth2.settings.refreshTokenWithClientId = true;
  const client = await FHIR.oauth2.ready();
  return sessionFromClient(client);
}
