/**
 * Search requests: bare patient ids become references, every search is confined to the patient in
 * context, Observation searches need a code or category and MedicationRequest searches without a
 * status return active orders only (both as in Epic), and results are paged with `next` links
 * built from `_count`/`_offset`.
 */
import type { SupportedType } from '../faults.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/**
 * The search parameter that confines a type to the patient compartment (none for Medication).
 * `subject` where the type has one: medplum's `patient` parameter is a union over every resource
 * type and costs ~100× more per resource in the in-memory store.
 */
const COMPARTMENT_PARAM: Record<SupportedType, string | undefined> = {
  Patient: '_id',
  Observation: 'subject',
  MedicationRequest: 'subject',
  MedicationStatement: 'subject',
  Condition: 'subject',
  AllergyIntolerance: 'patient',
  Procedure: 'subject',
  DocumentReference: 'subject',
  ServiceRequest: 'subject',
  Medication: undefined,
};

/** The reference parameters every search is confined by: the store keeps an index on them. */
export const COMPARTMENT_REFERENCE_PARAMETERS: readonly { resourceType: string; code: string }[] =
  Object.entries(COMPARTMENT_PARAM).flatMap(([resourceType, code]) =>
    code && code !== '_id' ? [{ resourceType, code }] : [],
  );

export type SearchPlan =
  | { ok: true; query: URLSearchParams; count: number; offset: number }
  | { ok: false; status: number; message: string };

/** `123`, `Patient/123` or `<base>/Patient/123` → `Patient/123`. */
export function patientReference(value: string): string {
  const match = /(?:^|\/)Patient\/([^/]+)$/.exec(value);
  return `Patient/${match?.[1] ?? value}`;
}

function pageNumbers(query: URLSearchParams): { count: number; offset: number } {
  const count = Number.parseInt(query.get('_count') ?? '', 10);
  const offset = Number.parseInt(query.get('_offset') ?? '', 10);
  return {
    count: Number.isFinite(count) && count > 0 ? Math.min(count, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE,
    offset: Number.isFinite(offset) && offset > 0 ? offset : 0,
  };
}

const OTHER_PATIENT = 'The search names a patient other than the one in context.';

export function planSearch(type: SupportedType, original: URLSearchParams, patientId: string): SearchPlan {
  const own = `Patient/${patientId}`;
  const compartment = COMPARTMENT_PARAM[type];
  // The compartment filter goes first: the in-memory store stops at the first filter that fails.
  const query = new URLSearchParams(
    compartment ? [[compartment, compartment === '_id' ? patientId : own]] : [],
  );
  for (const [key, value] of original) {
    if (key === '_count' || key === '_offset') continue;
    const name = key.split(':')[0];
    if (name === 'patient' || name === 'subject') {
      if (value.split(',').some((ref) => patientReference(ref) !== own)) {
        return { ok: false, status: 403, message: OTHER_PATIENT };
      }
      if (!compartment) query.append(name, own);
    } else if (type === 'Patient' && key === '_id') {
      if (value !== patientId) return { ok: false, status: 403, message: OTHER_PATIENT };
    } else {
      query.append(key, value);
    }
  }
  // As Epic: without an explicit status, only active medication orders are returned; a lookup by
  // identifier (an app finding its own earlier draft) names one resource and gets it in any status.
  if (type === 'MedicationRequest' && !query.has('status') && !query.has('identifier')) {
    query.set('status', 'active');
  }
  if (type === 'Observation' && !query.has('code') && !query.has('category')) {
    return { ok: false, status: 400, message: 'Must have either code or category.' };
  }
  return { ok: true, query, ...pageNumbers(original) };
}

export interface BundleLink {
  relation: string;
  url: string;
}

/** self/next/previous links that repeat the caller's parameters with a new `_offset`. */
export function pageLinks(
  typeUrl: string,
  original: URLSearchParams,
  page: { count: number; offset: number; total: number },
): BundleLink[] {
  const at = (offset: number): string => {
    const params = new URLSearchParams([...original].filter(([k]) => k !== '_count' && k !== '_offset'));
    params.set('_count', String(page.count));
    if (offset > 0) params.set('_offset', String(offset));
    return `${typeUrl}?${params.toString()}`;
  };
  const links: BundleLink[] = [{ relation: 'self', url: at(page.offset) }];
  if (page.offset + page.count < page.total)
    links.push({ relation: 'next', url: at(page.offset + page.count) });
  if (page.offset > 0) links.push({ relation: 'previous', url: at(Math.max(0, page.offset - page.count)) });
  return links;
}
