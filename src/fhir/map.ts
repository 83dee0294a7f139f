/**
 * FHIR → PatientRecord: the one door through which EHR data reaches the clinical core. Every
 * resource is validated (zod); what cannot be used becomes a data-quality note. Never throws.
 */
import type { PatientRecord } from '../core/types.js';
import { flattenBundleEntries } from './map/bundle.js';
import { PatientRecordBuilder, type MapOptions } from './map/builder.js';
import { patientIdOf, resourceTypeOf } from './map/refs.js';

export { PatientRecordBuilder, type MapOptions } from './map/builder.js';
export { flattenBundle, flattenBundleEntries } from './map/bundle.js';
export { patientIdOf } from './map/refs.js';
export { NOTE } from './map/notes.js';

/** The patient of a list: its Patient resource (inside Bundles too), else the first subject named. */
function inferPatientId(resources: readonly unknown[]): string | undefined {
  const flat = resources.flatMap((r) =>
    resourceTypeOf(r) === 'Bundle' ? flattenBundleEntries(r).entries.map((e) => e.resource) : [r],
  );
  const patient = flat.find((r) => resourceTypeOf(r) === 'Patient' && patientIdOf(r));
  if (patient) return patientIdOf(patient);
  for (const r of flat) {
    const id = patientIdOf(r);
    if (id) return id;
  }
  return undefined;
}

/**
 * Maps the raw resources of ONE patient (Bundles among them are opened; Medications present in the
 * list or contained are resolved). Resources of another patient are noted and left out.
 */
export function mapPatientResources(resources: readonly unknown[], options: MapOptions = {}): PatientRecord {
  let patientId = options.patientId;
  if (patientId === undefined) {
    try {
      patientId = inferPatientId(resources);
    } catch {
      patientId = undefined;
    }
  }
  const builder = new PatientRecordBuilder(patientId ?? 'unknown', options);
  for (const resource of resources) builder.add(resource);
  return builder.build();
}
