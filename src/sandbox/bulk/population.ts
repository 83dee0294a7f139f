/**
 * The population a demo Bulk Data export returns: every synthetic chart, and on request as many copies as
 * asked (ids and references suffixed), so an export of any size can be tested end to end. Resources are
 * generated as they are written, one patient at a time: a large population never sits in memory.
 */
import type { FhirResource, SyntheticPatient } from '../patients/types.js';

/** The types a Bulk Data export of the demo EHR can hold (those the charts use). */
export function exportTypes(patients: readonly SyntheticPatient[]): string[] {
  const types = new Set<string>();
  for (const patient of patients) for (const resource of patient.resources) types.add(resource.resourceType);
  return [...types].sort();
}

/** The number of patients in an export of `copies` copies of the charts (at least the charts themselves). */
export function populationSize(patients: readonly SyntheticPatient[], copies: number): number {
  return patients.length * Math.max(1, copies);
}

/** Every resource of `type` in the population, patient by patient; copy 0 is the charts as they are. */
export function* populationResources(
  patients: readonly SyntheticPatient[],
  copies: number,
  type: string,
): Generator<FhirResource> {
  for (let copy = 0; copy < Math.max(1, copies); copy += 1) {
    for (const patient of patients) {
      for (const resource of patient.resources) {
        if (resource.resourceType !== type) continue;
        yield copy === 0 ? resource : copied(resource, `-c${copy}`);
      }
    }
  }
}

/** A resource with its id and every reference to a resource of its chart suffixed. */
function copied(resource: FhirResource, suffix: string): FhirResource {
  const text = JSON.stringify(resource).replace(
    /"(id|reference)":"((?:[A-Za-z]+\/)?[A-Za-z0-9\-.]{1,40})"/g,
    (_whole, key: string, value: string) => `"${key}":"${value}${suffix}"`,
  );
  return JSON.parse(text) as FhirResource;
}
