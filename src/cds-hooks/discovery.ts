/** The discovery document (`GET /cds-services`, CDS Hooks 2.0 §Discovery). */
import { ORDER_SELECT_SERVICE_ID, ORDER_SIGN_SERVICE_ID, SERVICE_ID } from './config.js';
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

/** Every service reads the same parts, by the same EHR-safe templates. */
function prefetchTemplates(): Record<string, string> {
  return Object.fromEntries(PREFETCH_PARTS.map((part) => [part.key, part.template]));
}

const USAGE =
  'Read access to Patient, Observation (laboratory), MedicationRequest, MedicationStatement, ' +
  'Condition, AllergyIntolerance and Procedure, through prefetch or fhirAuthorization.';

const ORDER_CHECKS_TEXT =
  'allopurinol with full-dose azathioprine, mycophenolate or allopurinol in pregnancy, budesonide with ' +
  'cirrhosis, thiopurines or mycophenolate with leukopenia, tacrolimus with eGFR below 60, drugs with a ' +
  'recorded intolerance, and re-ordering a second-line agent that failed';

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
        prefetch: prefetchTemplates(),
        usageRequirements: USAGE,
      },
      {
        hook: 'order-select',
        id: ORDER_SELECT_SERVICE_ID,
        title: 'AIH Navigator: order checks as an AIH drug is selected',
        description: `Checks the selected autoimmune hepatitis drug orders against the patient: ${ORDER_CHECKS_TEXT}.`,
        prefetch: prefetchTemplates(),
        usageRequirements: USAGE,
      },
      {
        hook: 'order-sign',
        id: ORDER_SIGN_SERVICE_ID,
        title: 'AIH Navigator: order checks before signing',
        description:
          `Checks the draft autoimmune hepatitis drug orders before signing: ${ORDER_CHECKS_TEXT}. ` +
          'When data a check needs cannot be read, a warning card says which check did not run.',
        prefetch: prefetchTemplates(),
        usageRequirements: USAGE,
      },
    ],
  };
}
