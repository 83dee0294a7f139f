/** References between resources: the source reference of a mapped item, and whose patient a resource is. */
import { boundedMemo } from '../../core/memo.js';
import type { ResourceRef } from '../../core/types.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `resourceType`, when the input is an object that names one. */
export function resourceTypeOf(resource: unknown): string | undefined {
  return isRecord(resource) && typeof resource.resourceType === 'string' ? resource.resourceType : undefined;
}

/**
 * The reference notes and mapped items carry: `Type/id`; without an id, the caller's origin
 * (a Bundle fullUrl or a file position); failing both, the type and its position in the input.
 */
export function resourceRefOf(resource: unknown, origin: string | undefined, position: number): ResourceRef {
  const type = resourceTypeOf(resource) ?? 'Resource';
  const id = isRecord(resource) && typeof resource.id === 'string' && resource.id ? resource.id : undefined;
  // Joined, the reference is one flat string; `+` would keep two strings and a third joining them in
  // every mapped item that a cohort holds.
  if (id) return [type, id].join('/');
  return origin ?? `${type}/#${position}`;
}

/**
 * `Medication/123` from `Medication/123`, `https://host/fhir/Medication/123/_history/2`;
 * other references (`urn:uuid:…`, `#contained`) are returned unchanged.
 */
// Memoised: a patient's resources name the same subject and drugs over and over (twice per resource in a cohort screen).
export const normaliseReference: (reference: string) => string = boundedMemo((reference: string) => {
  const match = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(reference);
  return match ? `${match[1]}/${match[2]}` : reference;
}, 50_000);

const PATIENT_PREFIX = 'Patient/';

/** Whether `text` from `start` on is a FHIR id: 1 to 64 of A-Z a-z 0-9 - . */
function isFhirId(text: string, start: number): boolean {
  const length = text.length - start;
  if (length < 1 || length > 64) return false;
  for (let at = start; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    const ok =
      (code >= 0x30 && code <= 0x39) ||
      (code >= 0x41 && code <= 0x5a) ||
      (code >= 0x61 && code <= 0x7a) ||
      code === 0x2d ||
      code === 0x2e;
    if (!ok) return false;
  }
  return true;
}

/** The patient a reference points to: the id of `Patient/x` (relative or absolute), or the urn itself. */
function patientOfReference(value: unknown): string | undefined {
  if (!isRecord(value) || typeof value.reference !== 'string') return undefined;
  const reference = value.reference.trim();
  if (!reference) return undefined;
  if (reference.startsWith('urn:')) return reference;
  // The usual form, `Patient/<id>`, is its own normal form: no pattern, no memo.
  if (reference.startsWith(PATIENT_PREFIX) && isFhirId(reference, PATIENT_PREFIX.length))
    return reference.slice(PATIENT_PREFIX.length);
  const normalised = normaliseReference(reference);
  return normalised.startsWith('Patient/') ? normalised.slice('Patient/'.length) : undefined;
}

/**
 * The patient a resource belongs to: Patient.id, else `subject` or `patient` pointing at a Patient
 * (`Patient/x`, an absolute URL, or a `urn:uuid:` of a Bundle entry). Never throws.
 */
export function patientIdOf(resource: unknown): string | undefined {
  if (!isRecord(resource)) return undefined;
  if (resource.resourceType === 'Patient') return typeof resource.id === 'string' ? resource.id : undefined;
  return patientOfReference(resource.subject) ?? patientOfReference(resource.patient);
}
