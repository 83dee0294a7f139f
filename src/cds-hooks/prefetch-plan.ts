/**
 * The data the `patient-view` service needs, one prefetch key per part. The templates ask for what
 * the app's loader asks for (search-plan.ts), so a card from prefetch alone is the app's answer.
 * They obey Epic's rule that an Observation search names a code or a category, and ask for every
 * medication status because Epic otherwise returns only active orders (ehr-notes.md "Reading").
 */
import { SEARCHED_LOINC, SYSTEM } from '../core/codes.js';
import { MEDICATION_REQUEST_STATUSES } from '../fhir/load/search-plan.js';

/**
 * What happens when the client does not deliver a part: `required` parts are read from the FHIR
 * server or the call ends in 412; `read` parts are read when possible, else become a gap the
 * core reports; `optional` parts are used when delivered but never read for themselves
 * (MedicationStatement: Epic and Oracle R4 have none, so reading it would only cost time).
 */
export type WhenMissing = 'required' | 'read' | 'optional';

export interface PrefetchPart {
  key: string;
  resourceType: string;
  whenMissing: WhenMissing;
  template: string;
}

const patient = '{{context.patientId}}';

export const PREFETCH_PARTS: readonly PrefetchPart[] = [
  { key: 'patient', resourceType: 'Patient', whenMissing: 'required', template: `Patient/${patient}` },
  {
    key: 'labs',
    resourceType: 'Observation',
    whenMissing: 'required',
    template: `Observation?patient=${patient}&code=${SEARCHED_LOINC.map((c) => `${SYSTEM.loinc}|${c}`).join(',')}`,
  },
  // Sites report labs under local codes (thiopurine metabolites have no LOINC at all): without the
  // whole laboratory category the card would ask to measure metabolites that were measured.
  {
    key: 'laboratory',
    resourceType: 'Observation',
    whenMissing: 'required',
    template: `Observation?patient=${patient}&category=laboratory`,
  },
  // Epic orders name their drug only through a Medication resource: included, as the loader includes
  // it, so a card from prefetch alone knows the ingredients without a FHIR server to read them from.
  {
    key: 'medications',
    resourceType: 'MedicationRequest',
    whenMissing: 'required',
    template: `MedicationRequest?patient=${patient}&status=${MEDICATION_REQUEST_STATUSES}&_include=MedicationRequest:medication`,
  },
  {
    key: 'conditions',
    resourceType: 'Condition',
    whenMissing: 'required',
    template: `Condition?patient=${patient}`,
  },
  {
    key: 'allergies',
    resourceType: 'AllergyIntolerance',
    whenMissing: 'read',
    template: `AllergyIntolerance?patient=${patient}`,
  },
  {
    // Rules v2: a liver transplant recorded only as a Procedure; unread, it is a gap (insufficient-data).
    key: 'procedures',
    resourceType: 'Procedure',
    whenMissing: 'read',
    template: `Procedure?patient=${patient}`,
  },
  {
    key: 'medicationStatements',
    resourceType: 'MedicationStatement',
    whenMissing: 'optional',
    template: `MedicationStatement?patient=${patient}`,
  },
];
