/**
 * Medication orders that point at a Medication resource the search did not include: those drugs are
 * read one by one (in parallel), because the ingredient lives only in the Medication.
 */
import { normaliseReference } from '../map/refs.js';
import type { PlannedSearch } from './search-plan.js';

/** More than this many separate reads would load the EHR unreasonably for one patient. */
export const MAX_MEDICATION_READS = 50;

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

/** `Type/id`: how the same resource is recognised when two searches (or an `_include`) return it. */
export function keyOf(resource: unknown): string | undefined {
  const record = asRecord(resource);
  if (typeof record?.resourceType !== 'string' || typeof record.id !== 'string') return undefined;
  return `${record.resourceType}/${record.id}`;
}

/** `Medication/123` or `https://ehr/fhir/Medication/123`; contained (`#x`) and other targets need no read. */
function medicationReferenceOf(resource: unknown): string | undefined {
  const record = asRecord(resource);
  if (record?.resourceType !== 'MedicationRequest' && record?.resourceType !== 'MedicationStatement') {
    return undefined;
  }
  const reference = asRecord(record.medicationReference)?.reference;
  if (typeof reference !== 'string' || reference.startsWith('#')) return undefined;
  return normaliseReference(reference).startsWith('Medication/') ? reference : undefined;
}

export function missingMedicationReads(resources: readonly unknown[]): PlannedSearch[] {
  const references = resources.map(medicationReferenceOf).filter((r): r is string => r !== undefined);
  // Most charts name their drugs by code: the key of every resource is then not needed.
  if (references.length === 0) return [];
  const present = new Set(resources.map(keyOf));
  const wanted = new Map<string, string>();
  for (const reference of references) {
    const key = normaliseReference(reference);
    if (!present.has(key)) wanted.set(key, reference);
  }
  return [...wanted.values()].map((url) => ({
    resourceType: 'Medication',
    url,
    kind: 'read',
    mayBeUnsupported: false,
  }));
}
