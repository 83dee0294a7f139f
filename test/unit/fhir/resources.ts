/** Small builders of FHIR resources for the mapper tests (fictional patient "pt-1"). */
export const LOINC = 'http://loinc.org';
export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const SNOMED = 'http://snomed.info/sct';
export const UCUM = 'http://unitsofmeasure.org';
export const PATIENT = 'pt-1';

export type Json = Record<string, unknown>;

export function observation(overrides: Json = {}): Json {
  return {
    resourceType: 'Observation',
    id: 'alt-1',
    status: 'final',
    subject: { reference: `Patient/${PATIENT}` },
    code: { coding: [{ system: LOINC, code: '1742-6', display: 'ALT' }] },
    effectiveDateTime: '2024-03-01T08:00:00Z',
    valueQuantity: { value: 84, unit: 'U/L', system: UCUM, code: 'U/L' },
    ...overrides,
  };
}

export function medicationRequest(overrides: Json = {}): Json {
  return {
    resourceType: 'MedicationRequest',
    id: 'mr-1',
    status: 'active',
    intent: 'order',
    subject: { reference: `Patient/${PATIENT}` },
    medicationCodeableConcept: { coding: [{ system: RXNORM, code: '1256', display: 'azathioprine' }] },
    authoredOn: '2024-01-10',
    ...overrides,
  };
}

export function condition(code: Json, overrides: Json = {}): Json {
  return {
    resourceType: 'Condition',
    id: 'cond-1',
    subject: { reference: `Patient/${PATIENT}` },
    clinicalStatus: { coding: [{ code: 'active' }] },
    verificationStatus: { coding: [{ code: 'confirmed' }] },
    code: { coding: [code] },
    ...overrides,
  };
}

/** A completed liver transplant (SNOMED CT 18027006) of `PATIENT`, performed 2019-03-04. */
export function procedure(overrides: Json = {}): Json {
  return {
    resourceType: 'Procedure',
    id: 'olt',
    status: 'completed',
    subject: { reference: `Patient/${PATIENT}` },
    code: { coding: [{ system: SNOMED, code: '18027006' }] },
    performedDateTime: '2019-03-04T10:00:00Z',
    ...overrides,
  };
}

export function dosage(value: number, unit: string, timing: Json): Json {
  return { timing, doseAndRate: [{ doseQuantity: { value, unit, system: UCUM, code: unit } }] };
}
