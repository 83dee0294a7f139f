/**
 * The `patient-view` service: parse the call, gather the patient's data, assess with the clinical
 * core and answer with the core's card unchanged (none when the patient has no AIH).
 */
import type { Assessment, IsoDate } from '../core/types.js';
import type { ServiceDependencies } from './dependencies.js';
import { patientRecordFor, type KnownPrefetch } from './patient-record.js';
import { PrefetchPatientMismatch } from './prefetch.js';
import { describeIssues, patientViewRequestSchema } from './schemas.js';
import { fhirBaseKey, isAllowedServiceUrl } from './url-policy.js';

export interface PatientViewSettings {
  dependencies: ServiceDependencies;
  today: () => IsoDate;
  appLaunchUrl?: string;
  uuid?: (seed: string) => string;
  /** Development and tests: a plain-http FHIR server on this machine (loopback) may be read. */
  allowPlainHttpFhir?: boolean;
}

/** Who made the call, as far as it limits what the service may read for it. */
export interface CallerTrust {
  /** The verified issuer (`iss`); undefined when no JWT is checked. Cached prefetches are its own. */
  issuer?: string;
  /**
   * The FHIR base URLs the verified issuer is trusted with (config.ts): `fhirServer` must be one of
   * them. Undefined only when no JWT is checked (development mode).
   */
  fhirServers?: readonly string[];
}

export interface ServiceAnswer {
  status: number;
  body: unknown;
}

export async function answerPatientView(
  body: unknown,
  settings: PatientViewSettings,
  caller: CallerTrust = {},
  known: KnownPrefetch = {},
): Promise<ServiceAnswer> {
  const parsed = patientViewRequestSchema.safeParse(body);
  if (!parsed.success) {
    return problem(
      400,
      'invalid-request',
      `The patient-view request is not valid: ${describeIssues(parsed.error)}.`,
    );
  }
  const request = parsed.data;
  const refused = fhirServerRefusal(request.fhirServer, settings, caller);
  if (refused) return refused;
  let gathered;
  try {
    gathered = await patientRecordFor(request, settings.dependencies, {}, known);
  } catch (error) {
    if (error instanceof PrefetchPatientMismatch)
      return problem(400, 'patient-mismatch', `${error.message}.`);
    throw error;
  }
  if (!gathered.ok) {
    return problem(
      412,
      'required-data-unavailable',
      `The service could neither find in prefetch nor read from the FHIR server: ${gathered.missing.join('; ')}. ` +
        'Prefetch these or send fhirServer with a fhirAuthorization that can read them.',
      // The resource types, so a client can tell its users which data were unavailable.
      { unavailable: [...new Set(gathered.missing.map((entry) => entry.split(' ')[0] ?? entry))] },
    );
  }
  const record = gathered.record;
  const options = {
    asOf: settings.today(),
    ...(settings.appLaunchUrl ? { appLaunchUrl: settings.appLaunchUrl } : {}),
    ...(settings.uuid ? { uuid: settings.uuid } : {}),
  };
  const assess = (): Assessment => settings.dependencies.assess(record, options);
  const assessment = gathered.assessments
    ? gathered.assessments.card.reuse(record, { ...options, assessor: settings.dependencies.assess }, assess)
    : assess();
  return { status: 200, body: { cards: assessment.response === 'not-applicable' ? [] : [assessment.card] } };
}

/**
 * Why the call's `fhirServer` may not be read with the EHR's token, or undefined when it may: it must be
 * https (plain http only on this machine, in development) and listed for the calling issuer. Shared by
 * every hook.
 */
export function fhirServerRefusal(
  fhirServer: string | undefined,
  settings: PatientViewSettings,
  caller: CallerTrust,
): ServiceAnswer | undefined {
  if (fhirServer === undefined) return undefined;
  if (!isAllowedServiceUrl(fhirServer, settings.allowPlainHttpFhir === true)) {
    return problem(
      400,
      'insecure-fhir-server',
      'fhirServer must be an https URL (plain http only on this machine, in development): the access token would travel unencrypted.',
    );
  }
  if (!isTrustedFhirServer(fhirServer, caller)) {
    return problem(
      403,
      'fhir-server-not-trusted',
      "fhirServer is not one of the FHIR base URLs listed for this issuer in the service's trusted-issuers file.",
    );
  }
  return undefined;
}

/** The EHR's token goes only to a FHIR server its issuer is trusted with (any, when nothing is verified). */
function isTrustedFhirServer(fhirServer: string, caller: CallerTrust): boolean {
  if (caller.fhirServers === undefined) return true;
  const wanted = fhirBaseKey(fhirServer);
  return wanted !== undefined && caller.fhirServers.some((base) => fhirBaseKey(base) === wanted);
}

function problem(
  status: number,
  error: string,
  message: string,
  extra: Record<string, unknown> = {},
): ServiceAnswer {
  return { status, body: { error, message, ...extra } };
}
