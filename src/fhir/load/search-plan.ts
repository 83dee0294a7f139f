/**
 * What to ask the EHR for one patient (ehr-notes.md §Reading). Every search is independent, so they
 * all run at once: the critical path is one round trip per search plus its pages.
 */
import { SEARCHED_LOINC, SYSTEM } from '../../core/codes.js';
import type { EhrKind } from './types.js';

export interface PlannedSearch {
  resourceType: string;
  /** Relative URL, patient id included. */
  url: string;
  /** A read (`Patient/{id}`) answers with the resource itself, not a Bundle. */
  kind: 'read' | 'search';
  /** A server without this resource type is normal here (MedicationStatement): no gap. */
  mayBeUnsupported: boolean;
}

/** Epic answers only active orders unless every status is listed; entered-in-error is dropped later. */
export const MEDICATION_REQUEST_STATUSES = 'active,on-hold,completed,stopped,cancelled,entered-in-error';

/** Oracle pages at 50 by default and 200 at most; Epic chooses its own page size. */
function pageSize(ehr: EhrKind): string | undefined {
  return ehr === 'epic' ? undefined : '200';
}

/** Percent-encodes a value but keeps the FHIR separators (`,` `|`) and URL characters readable. */
function encodeValue(value: string): string {
  return encodeURIComponent(value)
    .replace(/%2C/g, ',')
    .replace(/%7C/g, '|')
    .replace(/%3A/g, ':')
    .replace(/%2F/g, '/');
}

function query(params: Record<string, string | undefined>): string {
  return Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${encodeValue(value)}`)
    .join('&');
}

export function planSearches(patientId: string, ehr: EhrKind = 'generic'): PlannedSearch[] {
  const patient = patientId;
  const _count = pageSize(ehr);
  const loincCodes = SEARCHED_LOINC.map((code) => `${SYSTEM.loinc}|${code}`).join(',');
  // Oracle rejects parameters it does not list; Epic ignores them; generic servers resolve the include.
  const medicationInclude = ehr === 'oracle' ? undefined : 'MedicationRequest:medication';
  const search = (
    resourceType: string,
    params: Record<string, string | undefined>,
    mayBeUnsupported = false,
  ): PlannedSearch => ({
    resourceType,
    url: `${resourceType}?${query({ patient, ...params, _count })}`,
    kind: 'search',
    mayBeUnsupported,
  });
  // Oracle's Procedure search documents patient, date and _lastUpdated but not _count, and Oracle
  // refuses parameters it does not list: its default page size and next links are used instead.
  const procedures = search('Procedure', {});
  if (ehr === 'oracle') procedures.url = `Procedure?${query({ patient })}`;
  return [
    {
      resourceType: 'Patient',
      url: `Patient/${encodeURIComponent(patientId)}`,
      kind: 'read',
      mayBeUnsupported: false,
    },
    search('Observation', { code: loincCodes }),
    // Sites map labs to local codes: the mapper recognises them from the whole laboratory category.
    search('Observation', { category: 'laboratory' }),
    search('MedicationRequest', { status: MEDICATION_REQUEST_STATUSES, _include: medicationInclude }),
    search('MedicationStatement', {}, true),
    search('Condition', {}),
    search('AllergyIntolerance', {}),
    // Rules v2: a liver transplant recorded only as a Procedure. Unread, it is a gap (never "unsupported").
    procedures,
  ];
}

/** The URL as it may appear in a log: the patient id removed from parameters and the read path. */
export function redactPatient(url: string): string {
  return url
    .replace(/([?&](?:patient|subject)=)[^&]*/g, '$1[patient]')
    .replace(/\bPatient\/[^/?&#]+/g, 'Patient/[patient]');
}
