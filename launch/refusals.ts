/**
 * Launches the app refuses before anything is sent to an authorization server, and what the launch
 * page then says. Text only: the page shows it with textContent, so an issuer is never read as HTML.
 */
import type { EhrConfig } from '../src/smart-config.js';

export interface Refusal {
  title: string;
  detail: string;
}

/**
 * fhirclient reads these from the launch URL and lets them override the configuration: `fhirServiceUrl`
 * skips authorization, `clientId` replaces the registered client, `patientId` fixes the patient.
 */
const OVERRIDING_PARAMETERS = ['fhirServiceUrl', 'clientId', 'patientId', 'encounterId'];

export function launchRefusal(params: URLSearchParams, ehr: EhrConfig | undefined): Refusal | undefined {
  const overriding = OVERRIDING_PARAMETERS.filter((name) => params.has(name));
  if (overriding.length > 0) {
    return {
      title: 'This launch address is not accepted',
      detail: `AIH Navigator does not accept ${overriding.join(', ')} in its launch address. Open it from the patient chart in the EHR.`,
    };
  }
  return ehr ? undefined : notConfigured(params.get('iss') ?? '');
}

/** No catch-all client: an issuer that matches no configured EHR is named and refused. */
export function notConfigured(iss: string): Refusal {
  return {
    title: 'This EHR is not configured for AIH Navigator',
    detail: `The launch names the FHIR server ${iss}, which is not one AIH Navigator is registered with, so it did not connect. Ask your EHR administrator to register AIH Navigator for this EHR.`,
  };
}

/** fhirclient's refusal when the server does not advertise S256 (`pkceMode: "required"`). */
export function isPkceRefusal(error: unknown): boolean {
  return error instanceof Error && /PKCE|S256|code challenge/i.test(error.message);
}

export const PKCE_REFUSAL: Refusal = {
  title: "This EHR's sign-in does not offer PKCE",
  detail:
    "AIH Navigator connects only to EHRs whose sign-in server supports PKCE with S256, which protects your sign-in from interception. This EHR's SMART configuration does not advertise it, so AIH Navigator did not connect. Ask your EHR administrator to enable PKCE (S256) for AIH Navigator.",
};
