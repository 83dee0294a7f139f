/**
 * What the app needs from a SMART session, independent of fhirclient: the FHIR requester/writer, the
 * patient in context and the token response facts the screen uses. Tokens stay inside fhirclient.
 */
import { z } from '../zod.js';

export interface AppFhir {
  /** Relative (`Observation?…`) or absolute URL; resolves to parsed JSON. */
  request(url: string, init?: { signal?: AbortSignal }): Promise<unknown>;
  /**
   * POST a FHIR resource or Bundle (`''` is the server base) through the refreshing request path; an
   * expired token is refreshed and the POST retried once before the session counts as ended.
   */
  post(url: string, body: object, headers?: Record<string, string>): Promise<PostAnswer>;
}

/** The answer to a POST: 201 created, 200 found by a conditional create. */
export interface PostAnswer {
  status: number;
  body: unknown;
}

export interface AppSession {
  patientId: string;
  fhir: AppFhir;
  /** Scopes the authorization server granted (space separated); write-back depends on them. */
  grantedScopes: string;
  /** The signed-in user (`Practitioner/123`), from the id_token; absent when the EHR did not say. */
  fhirUser?: string;
  needPatientBanner: boolean;
  styleUrl?: string;
  /** Search-plan family for the loader. */
  ehr: 'epic' | 'oracle' | 'generic';
  /** The FHIR server of the launch (`iss`): the only origin that receives the token. */
  fhirBaseUrl?: string;
}

const tokenFactsSchema = z.looseObject({
  scope: z.optional(z.string()),
  need_patient_banner: z.optional(z.union([z.boolean(), z.string()])),
  smart_style_url: z.optional(z.url()),
});

export interface TokenFacts {
  grantedScopes: string;
  /** The signed-in user (`Practitioner/123`), from the id_token; absent when the EHR did not say. */
  fhirUser?: string;
  needPatientBanner: boolean;
  styleUrl?: string;
}

/** Reads only the non-secret facts of a token response; a malformed field is ignored, not fatal. */
export function tokenFactsOf(tokenResponse: unknown): TokenFacts {
  const parsed = tokenFactsSchema.safeParse(tokenResponse ?? {});
  const data = parsed.success ? parsed.data : {};
  const banner = data.need_patient_banner;
  return {
    grantedScopes: data.scope ?? '',
    needPatientBanner: banner === true || banner === 'true',
    ...(data.smart_style_url ? { styleUrl: data.smart_style_url } : {}),
  };
}
