/**
 * The `patient-view` service: parse the call, gather the patient's data, assess with the clinical
 * core and answer with the core's card unchanged (none when the patient has no AIH).
 */
import type { IsoDate } from '../core/types.js';
import type { ServiceDependencies } from './dependencies.js';
import { gatherPatientData } from './patient-data.js';
import { PrefetchPatientMismatch } from './prefetch.js';
import { describeIssues, patientViewRequestSchema } from './schemas.js';

export interface PatientViewSettings {
  dependencies: ServiceDependencies;
  today: () => IsoDate;
  appLaunchUrl?: string;
  uuid?: (seed: string) => string;
  /** Development servers (--allow-unsigned) may read a plain-http FHIR server anywhere. */
  allowPlainHttpFhir?: boolean;
}

export interface ServiceAnswer {
  status: number;
  body: unknown;
}

export async function answerPatientView(
  body: unknown,
  settings: PatientViewSettings,
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
  if (request.fhirServer && !settings.allowPlainHttpFhir && !isSafeFhirServer(request.fhirServer)) {
    return problem(
      400,
      'insecure-fhir-server',
      'fhirServer must be an https URL (plain http only on this machine): the access token would travel unencrypted.',
    );
  }
  let gathered;
  try {
    gathered = await gatherPatientData(request, settings.dependencies);
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
      { unavailable: gathered.missing.map((entry) => entry.split(' ')[0] ?? entry) },
    );
  }
  const patientId = request.context.patientId;
  const mapped = settings.dependencies.mapPatientResources(gathered.resources, {
    patientId,
    gaps: gathered.gaps,
  });
  const record = { ...mapped, dataQuality: [...mapped.dataQuality, ...gathered.notes] };
  const assessment = settings.dependencies.assess(record, {
    asOf: settings.today(),
    ...(settings.appLaunchUrl ? { appLaunchUrl: settings.appLaunchUrl } : {}),
    ...(settings.uuid ? { uuid: settings.uuid } : {}),
  });
  return { status: 200, body: { cards: assessment.response === 'not-applicable' ? [] : [assessment.card] } };
}

/** https anywhere; plain http only to this machine (sandbox, tests). */
function isSafeFhirServer(fhirServer: string): boolean {
  const url = new URL(fhirServer);
  return url.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

function problem(
  status: number,
  error: string,
  message: string,
  extra: Record<string, unknown> = {},
): ServiceAnswer {
  return { status, body: { error, message, ...extra } };
}
