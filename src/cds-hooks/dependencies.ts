/**
 * What the service borrows from the rest of AIH Navigator: the shared loader, the FHIR mapper and
 * the clinical core. Named here so tests can replace one piece and the wiring stays in one place.
 */
import { assess } from '../core/assess.js';
import type { Assessment, AssessOptions, LoadGap, PatientRecord } from '../core/types.js';
import { loadPatientResources } from '../fhir/load/index.js';
import type { FhirRequester, LoadOptions, LoadResult } from '../fhir/load/types.js';
import { mapPatientResources } from '../fhir/map.js';
import { createHttpRequester } from './fhir-http-requester.js';

export interface ServiceDependencies {
  loadPatientResources(
    requester: FhirRequester,
    patientId: string,
    options?: LoadOptions,
  ): Promise<LoadResult>;
  /** A requester for the EHR's FHIR server; the access token is only ever sent there. */
  createRequester(fhirServer: string, accessToken: string | undefined): FhirRequester;
  mapPatientResources(
    resources: readonly unknown[],
    options?: { patientId?: string; gaps?: LoadGap[] },
  ): PatientRecord;
  assess(record: PatientRecord, options: AssessOptions): Assessment;
}

export const defaultDependencies: ServiceDependencies = {
  loadPatientResources,
  // Kept-alive node:http connections: fetch cost more CPU per search than the answer's parsing.
  createRequester: (fhirServer, accessToken) => createHttpRequester(fhirServer, accessToken),
  mapPatientResources,
  assess,
};
