/**
 * Turns anything thrown while opening the session or loading the record into words for the clinician.
 * The loader's LoadError is recognised by shape (kind, resourceType), so this module does not depend on
 * its class identity across chunks.
 */
import { z } from '../zod.js';
import { partOfRecord } from '../fhir/record-parts.js';

export type ProblemKind =
  | 'relaunch-required'
  | 'scope-missing'
  | 'break-the-glass'
  | 'unavailable'
  | 'not-launched'
  | 'not-authorized'
  | 'unexpected';

export interface Problem {
  kind: ProblemKind;
  title: string;
  message: string;
  /** Whether trying again can help (never for break-the-glass: the EHR decided). */
  retry: boolean;
  /** For the EHR administrator (e.g. the scope to add): shown folded away, never as the message. */
  technical?: string;
}

export const RELAUNCH_MESSAGE =
  "Your session has expired. Please close and relaunch AIH Navigator from the patient's chart.";

const loadErrorShape = z.looseObject({
  kind: z.string(),
  resourceType: z.optional(z.string()),
  status: z.optional(z.union([z.number(), z.string()])),
  scope: z.optional(z.string()),
});

const AUTHORIZATION_ERROR =
  /^(access_denied|invalid_scope|unauthorized_client|invalid_request|unsupported_response_type|server_error|temporarily_unavailable)\b/;

const statusShape = z.looseObject({ status: z.number() });
const messageShape = z.looseObject({ message: z.string(), name: z.optional(z.string()) });

/** fhirclient's own messages when state or refresh is gone: all mean "launch again". */
const RELAUNCH_PATTERNS = [
  /no 'state' parameter found/i,
  /no state found/i,
  /unable to refresh/i,
  /session expired/i,
  /invalid_grant/i,
];

function scopeMessage(resourceType: string | undefined): string {
  const what = resourceType ? partOfRecord(resourceType) : 'part of the record';
  return `AIH Navigator has not been given access to ${what}, so it cannot assess this patient. Ask your EHR administrator to grant it, then relaunch the app.`;
}

function scopeTechnical(resourceType: string | undefined, scope: string | undefined): string {
  const ask = scope ?? (resourceType ? `patient/${resourceType}.rs` : 'the missing scope');
  return `Add ${ask} (SMART v2; patient/${resourceType ?? '…'}.read in SMART v1) to the app's scopes.`;
}

export function describeProblem(error: unknown): Problem {
  const shaped = loadErrorShape.safeParse(error);
  const kind = shaped.success ? shaped.data.kind : undefined;
  if (kind === 'not-launched' || (error instanceof Error && error.name === 'NotLaunchedError')) {
    return {
      kind: 'not-launched',
      title: 'Launch AIH Navigator from the EHR',
      message: 'Open the patient chart in the EHR and start AIH Navigator from there.',
      retry: false,
    };
  }
  if (kind === 'relaunch-required') {
    return { kind, title: 'Session expired', message: RELAUNCH_MESSAGE, retry: false };
  }
  if (kind === 'scope-missing' && shaped.success) {
    const message = scopeMessage(shaped.data.resourceType);
    const technical = scopeTechnical(shaped.data.resourceType, shaped.data.scope);
    return { kind, title: 'Access not granted', message, retry: false, technical };
  }
  if (kind === 'break-the-glass') {
    return {
      kind,
      title: 'Restricted record',
      message:
        "This patient's record is restricted. Access it in the EHR first (break-the-glass, with your reason for access), then relaunch AIH Navigator from the chart.",
      retry: false,
    };
  }
  if (kind === 'unavailable') {
    return {
      kind,
      title: 'EHR not reachable',
      message:
        "The EHR's data service did not respond. Please try again in a few minutes; if it keeps happening, contact your EHR support desk.",
      retry: true,
    };
  }
  const text = messageShape.safeParse(error);
  const unauthorized = statusShape.safeParse(error).data?.status === 401;
  if (
    unauthorized ||
    (text.success && RELAUNCH_PATTERNS.some((pattern) => pattern.test(text.data.message)))
  ) {
    return { kind: 'relaunch-required', title: 'Session expired', message: RELAUNCH_MESSAGE, retry: false };
  }
  // The authorization server's refusal comes back as `error` on the redirect (RFC 6749 §4.1.2.1).
  if (text.success && AUTHORIZATION_ERROR.test(text.data.message)) {
    return {
      kind: 'not-authorized',
      title: 'Not authorized',
      message:
        "The EHR did not authorize AIH Navigator for this patient. Relaunch it from the patient's chart; if this keeps happening, ask your EHR administrator to check the app's registration and scopes.",
      retry: false,
    };
  }
  return {
    kind: 'unexpected',
    title: 'Something went wrong',
    message:
      'AIH Navigator could not complete the assessment. Please try again; if it keeps happening, relaunch the app from the chart and contact support.',
    retry: true,
  };
}
