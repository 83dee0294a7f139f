/** A synthetic patient of the demo EHR: its chart resources and what the clinical rules say about it. */
import type { RecommendationId, ResponseStateId, QualifierId } from '../../core/types.js';

export type EhrShape = 'epic' | 'oracle';

export interface IntendedAssessment {
  response: ResponseStateId;
  qualifiers?: QualifierId[];
  /** Recommendations that must be among the suggested ones. */
  suggested?: RecommendationId[];
  /** Recommendations that must be present but blocked. */
  blocked?: RecommendationId[];
  /** Recommendations that must not be there at all (neither suggested nor blocked). */
  absent?: RecommendationId[];
  /** What the assessment must not list as missing: the chart holds it (e.g. a dose in the sig text). */
  notMissing?: string[];
}

export interface SyntheticPatient {
  id: string;
  name: string;
  /** One line for the launcher: the clinical situation in the clinic's words. */
  description: string;
  shape: EhrShape;
  expected: IntendedAssessment;
  /** Every resource of the chart (Patient first). */
  resources: FhirResource[];
}

/** A FHIR resource as stored; the sandbox validates them with medplum on load. */
export interface FhirResource {
  resourceType: string;
  id: string;
  [key: string]: unknown;
}
