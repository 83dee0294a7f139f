/**
 * One azathioprine course recorded several ways, for the renewal and priorPrescription tests: AIH on
 * prednisone and azathioprine 50 MG Oral Tablet at 150 mg/day since 2023, ALT 90 U/L (ULN 40) twice and
 * 6-MMP 8000: insufficient response, add-allopurinol with azathioprine at 25 % of the current dose.
 */
import { LOINC, RXNORM, SNOMED, UCUM, type Json } from './resources.js';

export const COURSE_PATIENT = 'aza-1';
export const COURSE_AS_OF = '2024-09-01';
const subject = { reference: `Patient/${COURSE_PATIENT}` };
const SCD_50 = { system: RXNORM, code: '197388', display: 'azathioprine 50 MG Oral Tablet' };

const dailyMg = (mg: number): Json[] => [
  {
    timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } },
    doseAndRate: [{ doseQuantity: { value: mg, unit: 'mg', system: UCUM, code: 'mg' } }],
  },
];

const alt = (id: string, date: string): Json => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  subject,
  effectiveDateTime: date,
  code: { coding: [{ system: LOINC, code: '1742-6' }] },
  valueQuantity: { value: 90, unit: 'U/L', system: UCUM, code: 'U/L' },
  referenceRange: [{ high: { value: 40, unit: 'U/L', system: UCUM, code: 'U/L' } }],
});

/** Everything but the azathioprine records. */
export function chart(): Json[] {
  return [
    { resourceType: 'Patient', id: COURSE_PATIENT, gender: 'female', birthDate: '1980-01-01' },
    {
      resourceType: 'Condition',
      id: 'aih',
      subject,
      clinicalStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
      },
      verificationStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }],
      },
      code: { coding: [{ system: SNOMED, code: '408335007' }] },
    },
    {
      resourceType: 'MedicationRequest',
      id: 'pred',
      status: 'active',
      intent: 'order',
      subject,
      authoredOn: '2023-01-01',
      medicationCodeableConcept: { coding: [{ system: RXNORM, code: '8640', display: 'prednisone' }] },
    },
    alt('alt-1', '2024-06-15'),
    alt('alt-2', '2024-08-15'),
    {
      resourceType: 'Observation',
      id: 'mmp6',
      status: 'final',
      subject,
      effectiveDateTime: '2024-08-01',
      code: { text: '6-methylmercaptopurine' },
      valueQuantity: { value: 8000, unit: 'pmol/8x10^8 RBC' },
    },
  ];
}

/** An active azathioprine order, RxNorm 197388 unless `coding` says otherwise. */
export function azathioprineOrder(
  id: string,
  mg: number,
  authoredOn = '2023-01-01',
  extra: Json = {},
  coding: Json = SCD_50,
): Json {
  return {
    resourceType: 'MedicationRequest',
    id,
    status: 'active',
    intent: 'order',
    subject,
    authoredOn,
    medicationCodeableConcept: { coding: [coding] },
    dosageInstruction: dailyMg(mg),
    ...extra,
  };
}

/** (a) Oracle's patient-reported record of the same course: a name and a sig, no code. */
export const oracleStatement = (): Json => ({
  resourceType: 'MedicationStatement',
  id: 's1',
  status: 'active',
  subject,
  effectivePeriod: { start: '2023-01-01' },
  medicationCodeableConcept: { text: 'azathioprine 50 mg tablet' },
  dosage: [{ text: 'Take 3 tablets by mouth daily' }],
});

/** (b) A 90-day dispense of the same tablets, coded NDC first, then RxNorm. */
export const dispense = (): Json => ({
  resourceType: 'MedicationDispense',
  id: 'd1',
  status: 'completed',
  subject,
  whenHandedOver: '2024-08-10',
  daysSupply: { value: 90, unit: 'd', system: UCUM, code: 'd' },
  medicationCodeableConcept: {
    coding: [
      { system: 'http://hl7.org/fhir/sid/ndc', code: '68382-0003-01', display: 'AZATHIOPRINE 50MG TAB' },
      SCD_50,
    ],
  },
  dosageInstruction: dailyMg(150),
});

/** (c) A renewal coded by the ingredient only. */
export const ingredientRenewal = (): Json =>
  azathioprineOrder('z1', 150, '2024-06-01', {}, { system: RXNORM, code: '1256', display: 'azathioprine' });
