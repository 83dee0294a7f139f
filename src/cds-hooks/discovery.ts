/** The discovery document (`GET /cds-services`, CDS Hooks 2.0 §Discovery). */
import { SERVICE_ID } from './config.js';
import { PREFETCH_PARTS } from './prefetch-plan.js';

export interface DiscoveryDocument {
  services: {
    hook: string;
    id: string;
    title: string;
    description: string;
    prefetch: Record<string, string>;
    usageRequirements: string;
  }[];
}

export function discoveryDocument(): DiscoveryDocument {
  return {
    services: [
      {
        hook: 'patient-view',
        id: SERVICE_ID,
        title: 'AIH Navigator: second-line treatment of autoimmune hepatitis',
        description:
          'Classifies the response to first-line treatment of autoimmune hepatitis (IAIHG 2022, EASL 2025) ' +
          'from ALT, AST and IgG, and suggests a guideline-based next step when treatment fails.',
        prefetch: Object.fromEntries(PREFETCH_PARTS.map((part) => [part.key, part.template])),
        usageRequirements:
          'Read access to Patient, Observation (laboratory), MedicationRequest, MedicationStatement, ' +
          'Condition, AllergyIntolerance and Procedure, through prefetch or fhirAuthorization.',
      },
    ],
  };
}
