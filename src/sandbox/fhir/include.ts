/**
 * `_include=MedicationRequest:medication`, as Epic answers it: the Medications the page's orders
 * refer to, once each, as `search.mode = include` entries. The loader and the CDS Hooks prefetch
 * template ask for it; without it an order that names its drug only through a reference says nothing.
 */
import type { Resource } from '@medplum/fhirtypes';

export const MEDICATION_INCLUDE = 'MedicationRequest:medication';

/** Ids of the Medications the resources refer to (`Medication/{id}`), in order, each once. */
export function referencedMedicationIds(resources: readonly (Resource | undefined)[]): string[] {
  const ids = new Set<string>();
  for (const resource of resources) {
    if (resource?.resourceType !== 'MedicationRequest') continue;
    const match = /(?:^|\/)Medication\/([^/]+)$/.exec(resource.medicationReference?.reference ?? '');
    if (match?.[1]) ids.add(match[1]);
  }
  return [...ids];
}

export function wantsMedicationInclude(query: URLSearchParams): boolean {
  return query.getAll('_include').some((value) => value.split(',').includes(MEDICATION_INCLUDE));
}
