/** Loading one patient's resources from an EHR: the entry points the app, CDS Hooks service and CLI use. */
export { loadPatientResources } from './load-patient.js';
export { createFetchRequester } from './fetch-requester.js';
export { LoadError, type LoadErrorKind } from './load-error.js';
export { FhirHttpError } from './http-failure.js';
export { planSearches, redactPatient, MEDICATION_REQUEST_STATUSES } from './search-plan.js';
export type {
  EhrKind,
  FhirRequester,
  LoadOptions,
  LoadResult,
  RequestLogEntry,
  RetryPolicy,
} from './types.js';
