/** Small, clearly fictional FHIR resources for the CLI tests. */
export const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const SNOMED = 'http://snomed.info/sct';

export function patient(id: string, gender: 'female' | 'male' = 'female'): Record<string, unknown> {
  return { resourceType: 'Patient', id, gender, birthDate: '1980-04-02' };
}

export function condition(
  id: string,
  patientId: string,
  snomed: string,
  display: string,
): Record<string, unknown> {
  return {
    resourceType: 'Condition',
    id,
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
    verificationStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }],
    },
    code: { coding: [{ system: SNOMED, code: snomed, display }] },
    subject: { reference: `Patient/${patientId}` },
    onsetDateTime: '2024-01-10',
  };
}

export const aih = (id: string, patientId: string) =>
  condition(id, patientId, '408335007', 'Autoimmune hepatitis');
export const pbc = (id: string, patientId: string) =>
  condition(id, patientId, '31712002', 'Primary biliary cholangitis');

export const prednisoneMedication = {
  resourceType: 'Medication',
  id: 'pred-20',
  code: { coding: [{ system: RXNORM, code: '312615', display: 'prednisone 20 MG Oral Tablet' }] },
  ingredient: [
    { itemCodeableConcept: { coding: [{ system: RXNORM, code: '8640', display: 'prednisone' }] } },
  ],
};

/** A prednisone order that names its drug only through a Medication reference. */
export function prednisoneByReference(
  id: string,
  patientId: string,
  start: string,
  reference = 'Medication/pred-20',
) {
  return {
    resourceType: 'MedicationRequest',
    id,
    status: 'active',
    intent: 'order',
    subject: { reference: `Patient/${patientId}` },
    authoredOn: start,
    medicationReference: { reference },
  };
}

export function ndjson(resources: readonly unknown[]): string {
  return resources.map((r) => JSON.stringify(r)).join('\n') + '\n';
}
