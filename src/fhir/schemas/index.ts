/** Zod schemas of the FHIR R4 resources the app reads. */
export * from './datatypes.js';
export * from './observation.js';
export * from './medication.js';
export * from './condition.js';
export * from './allergy-intolerance.js';
export * from './procedure.js';
export * from './patient.js';
export * from './operation-outcome.js';
export * from './bundle.js';
