/**
 * What the service borrows from the rest of AIH Navigator: the shared loader, the FHIR mapper and
 * the clinical core. Named here so tests can replace one piece and the wiring stays in one place.
 */
import { assess } from '../core/assess.js';
import type { Assessment, AssessOptions, LoadGap, PatientRecord } from '../core/types.js';
import { loadPatientResources } from '../fhir/load/index.js';
import type { FhirRequester, LoadOptions, LoadResult } from '../fhir/load/types.js';
import { mapPatientResources } from '../fhir/map.js';
import type { FetchLedger } from './fetch-ledger.js';
import { FetchedBodyCache } from './fetched-body-cache.js';
import { FetchedRecordCache } from './fetched-record-cache.js';
import { createHttpRequester } from './fhir-http-requester.js';

export interface ServiceDependencies {
  loadPatientResources(
    requester: FhirRequester,
    patientId: string,
    options?: LoadOptions,
  ): Promise<LoadResult>;
  /**
   * A requester for the EHR's FHIR server; the access token is only ever sent there. With a ledger, it
   * writes down each answer's digest (a requester that does not leaves the call without a key).
   */
  createRequester(fhirServer: string, accessToken: string | undefined, ledger?: FetchLedger): FhirRequester;
  /** Records mapped from answers read before; without it every call maps what it read. */
  fetchedRecords?: FetchedRecordCache;
  mapPatientResources(
    resources: readonly unknown[],
    options?: { patientId?: string; gaps?: LoadGap[] },
  ): PatientRecord;
  assess(record: PatientRecord, options: AssessOptions): Assessment;
}

/** One of each per thread: a worker's calls share what it has parsed and mapped. */
const fetchedBodies = new FetchedBodyCache();

export const defaultDependencies: ServiceDependencies = {
  loadPatientResources,
  // Kept-alive node:http connections: fetch cost more CPU per search than the answer's parsing.
  createRequester: (fhirServer, accessToken, ledger) =>
    createHttpRequester(fhirServer, accessToken, { bodies: fetchedBodies, ...(ledger ? { ledger } : {}) }),
  fetchedRecords: new FetchedRecordCache(),
  mapPatientResources,
  assess,
};
