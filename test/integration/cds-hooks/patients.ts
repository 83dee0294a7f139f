/** Small synthetic FHIR records for the service tests (dates relative to the as-of date). */

export const AS_OF = '2026-06-01';

export function daysBefore(days: number, asOf = AS_OF): string {
  const date = new Date(`${asOf}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10);
}

type Resource = Record<string, unknown>;

const LAB = {
  alt: { loinc: '1742-6', display: 'ALT', unit: 'U/L', high: 40 },
  ast: { loinc: '1920-8', display: 'AST', unit: 'U/L', high: 40 },
  igg: { loinc: '2465-3', display: 'IgG', unit: 'g/L', high: 16 },
} as const;

export function patient(id: string, gender = 'female', birthDate = '1970-03-04'): Resource {
  return { resourceType: 'Patient', id, gender, birthDate };
}

export function lab(
  patientId: string,
  id: string,
  analyte: keyof typeof LAB,
  daysAgo: number,
  value: number,
): Resource {
  const spec = LAB[analyte];
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' },
        ],
      },
    ],
    code: { coding: [{ system: 'http://loinc.org', code: spec.loinc, display: spec.display }] },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: `${daysBefore(daysAgo)}T08:00:00Z`,
    valueQuantity: { value, unit: spec.unit, system: 'http://unitsofmeasure.org', code: spec.unit },
    referenceRange: [
      { high: { value: spec.high, unit: spec.unit, system: 'http://unitsofmeasure.org', code: spec.unit } },
    ],
  };
}

export function aihCondition(patientId: string, id = 'aih'): Resource {
  return {
    resourceType: 'Condition',
    id,
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
    verificationStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }],
    },
    code: {
      coding: [{ system: 'http://snomed.info/sct', code: '408335007', display: 'Autoimmune hepatitis' }],
    },
    subject: { reference: `Patient/${patientId}` },
    onsetDateTime: daysBefore(400),
  };
}

const DRUG = {
  prednisolone: { rxnorm: '8638', text: 'prednisolone 20 mg tablet, 1 tablet daily' },
  azathioprine: { rxnorm: '1256', text: 'azathioprine 50 mg tablet, 2 tablets daily' },
} as const;

export function medication(
  patientId: string,
  id: string,
  drug: keyof typeof DRUG,
  startedDaysAgo: number,
): Resource {
  return {
    resourceType: 'MedicationRequest',
    id,
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: {
      coding: [
        { system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: DRUG[drug].rxnorm, display: drug },
      ],
      text: drug,
    },
    subject: { reference: `Patient/${patientId}` },
    authoredOn: daysBefore(startedDaysAgo),
    dispenseRequest: { validityPeriod: { start: daysBefore(startedDaysAgo) } },
    dosageInstruction: [{ text: DRUG[drug].text }],
  };
}

/** AIH on prednisolone + azathioprine for 300 days, ALT still about 2.5×ULN: an insufficient response. */
export function insufficientResponder(id = 'p-insufficient'): Resource[] {
  return [
    patient(id),
    aihCondition(id),
    medication(id, 'mr-pred', 'prednisolone', 300),
    medication(id, 'mr-aza', 'azathioprine', 300),
    lab(id, 'alt-0', 'alt', 302, 400),
    lab(id, 'ast-0', 'ast', 302, 300),
    lab(id, 'igg-0', 'igg', 302, 28),
    lab(id, 'alt-1', 'alt', 272, 150),
    lab(id, 'alt-2', 'alt', 100, 110),
    lab(id, 'ast-2', 'ast', 100, 90),
    lab(id, 'igg-2', 'igg', 100, 22),
    lab(id, 'alt-3', 'alt', 10, 100),
    lab(id, 'ast-3', 'ast', 10, 80),
    lab(id, 'igg-3', 'igg', 10, 21),
  ];
}

/** AIH, treatment started 60 days ago: too early to judge. */
export function tooEarly(id = 'p-early'): Resource[] {
  return [
    patient(id),
    aihCondition(id),
    medication(id, 'mr-pred', 'prednisolone', 60),
    lab(id, 'alt-0', 'alt', 62, 500),
    lab(id, 'alt-1', 'alt', 5, 80),
  ];
}

/** No AIH at all: the service stays silent. */
export function noAih(id = 'p-no-aih'): Resource[] {
  return [patient(id, 'male', '1980-01-01'), lab(id, 'alt-0', 'alt', 30, 35)];
}

/**
 * The prefetch object a CDS client would send for these resources: the search results only, so
 * Medications that orders refer to are not included (the service reads them).
 */
export function prefetchFor(resources: readonly Resource[]): Record<string, unknown> {
  const ofType = (type: string): Resource[] => resources.filter((r) => r.resourceType === type);
  const bundle = (items: Resource[], outcomes: Resource[] = []): Resource => ({
    resourceType: 'Bundle',
    type: 'searchset',
    total: items.length,
    entry: [
      ...items.map((resource) => ({ resource, search: { mode: 'match' } })),
      // Epic adds its messages ("no results", "may not contain the entire record") as entries.
      ...outcomes.map((resource) => ({ resource, search: { mode: 'outcome' } })),
    ],
  });
  const laboratory = ofType('Observation').filter((r) =>
    JSON.stringify(r.category ?? []).includes('"laboratory"'),
  );
  return {
    patient: ofType('Patient')[0],
    labs: bundle(ofType('Observation'), ofType('OperationOutcome')),
    laboratory: bundle(laboratory),
    medications: bundle(ofType('MedicationRequest')),
    conditions: bundle(ofType('Condition')),
    allergies: bundle(ofType('AllergyIntolerance')),
    procedures: bundle(ofType('Procedure')),
    medicationStatements: bundle(ofType('MedicationStatement')),
  };
}

export function hookRequest(
  patientId: string,
  extra: { prefetch?: Record<string, unknown>; fhirServer?: string; accessToken?: string } = {},
): Record<string, unknown> {
  return {
    hook: 'patient-view',
    hookInstance: crypto.randomUUID(),
    context: { userId: 'Practitioner/dr-1', patientId },
    ...(extra.fhirServer ? { fhirServer: extra.fhirServer } : {}),
    ...(extra.accessToken
      ? {
          fhirAuthorization: {
            access_token: extra.accessToken,
            token_type: 'Bearer',
            expires_in: 300,
            scope: 'patient/*.read',
            subject: 'aih-navigator-cds',
          },
        }
      : {}),
    ...(extra.prefetch ? { prefetch: extra.prefetch } : {}),
  };
}
