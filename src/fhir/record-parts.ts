/**
 * What each FHIR resource type holds, as a clinician names it: messages about a part of the record that
 * could not be read say "lab results", not "Observation". Shared by the app and the demo EHR.
 */
const PART_OF_RECORD: Record<string, string> = {
  Patient: "the patient's details (name, birth date)",
  Observation: 'lab results',
  MedicationRequest: 'medication orders',
  MedicationStatement: 'medication history',
  MedicationDispense: 'dispensed medications',
  MedicationAdministration: 'administered medications',
  Medication: 'drug details of some medication orders',
  Condition: 'diagnoses',
  AllergyIntolerance: 'allergies and intolerances',
  Procedure: 'procedures',
};

export function partOfRecord(resourceType: string): string {
  return PART_OF_RECORD[resourceType] ?? 'part of the record';
}

/** "lab results and diagnoses", "lab results, medication orders and diagnoses": each part once. */
export function partsOfRecord(resourceTypes: readonly string[]): string {
  const parts = [...new Set(resourceTypes.map(partOfRecord))];
  if (parts.length <= 1) return parts[0] ?? 'part of the record';
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}
