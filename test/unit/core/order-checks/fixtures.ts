/** Small FHIR records for the order-check tests: a chart and draft orders, mapped as the service maps them. */
import { assessOrders, type OrderAssessment } from '../../../../src/core/order-checks/assess-orders.js';
import type { LoadGap } from '../../../../src/core/types.js';
import { mapPatientResources } from '../../../../src/fhir/map.js';
import { readDraftOrders } from '../../../../src/fhir/map/draft-orders.js';

export const AS_OF = '2026-06-01';
export const PATIENT = 'p1';
const RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const UCUM = 'http://unitsofmeasure.org';
type Resource = Record<string, unknown>;

export function daysBefore(days: number): string {
  const date = new Date(`${AS_OF}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - days);
  return date.toISOString().slice(0, 10);
}

export function patient(gender = 'female', birthDate = '1990-01-01'): Resource {
  return { resourceType: 'Patient', id: PATIENT, gender, birthDate };
}

export function condition(id: string, snomed: string, display: string, onsetDaysAgo = 300): Resource {
  return {
    resourceType: 'Condition',
    id,
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
    code: { coding: [{ system: 'http://snomed.info/sct', code: snomed, display }] },
    subject: { reference: `Patient/${PATIENT}` },
    onsetDateTime: daysBefore(onsetDaysAgo),
  };
}

export const aih = (): Resource => condition('aih', '408335007', 'Autoimmune hepatitis', 800);
export const pregnancy = (): Resource => condition('preg', '77386006', 'Pregnant', 60);
export const cirrhosis = (): Resource => condition('cirr', '19943007', 'Cirrhosis of liver', 400);

export function observation(
  id: string,
  loinc: string,
  daysAgo: number,
  value: number,
  unit: string,
): Resource {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: loinc }] },
    subject: { reference: `Patient/${PATIENT}` },
    effectiveDateTime: `${daysBefore(daysAgo)}T08:00:00Z`,
    valueQuantity: { value, unit, system: UCUM, code: unit },
  };
}

export const weight = (kg: number): Resource => observation('weight', '29463-7', 30, kg, 'kg');
export const wbc = (value: number, daysAgo = 10): Resource =>
  observation('wbc', '6690-2', daysAgo, value, '10*9/L');
export const egfr = (value: number): Resource =>
  observation('egfr', '98979-8', 20, value, 'mL/min/{1.73_m2}');

const INGREDIENT_RXNORM: Record<string, string> = {
  azathioprine: '1256',
  allopurinol: '519',
  mycophenolate: '68149',
  tacrolimus: '42316',
  budesonide: '19831',
  prednisolone: '8638',
};

interface OrderOptions {
  status?: string;
  /** mg per dose, given once daily as a structured dose. */
  mgDaily?: number;
  startedDaysAgo?: number;
  endedDaysAgo?: number;
  statusReason?: string;
  coding?: 'ingredient' | 'product' | 'text';
}

export function order(id: string, drug: string, options: OrderOptions = {}): Resource {
  const coding = options.coding ?? 'ingredient';
  const medication =
    coding === 'ingredient'
      ? { coding: [{ system: RXNORM, code: INGREDIENT_RXNORM[drug], display: drug }], text: drug }
      : coding === 'product'
        ? { coding: [{ system: RXNORM, code: '197388', display: `${drug} 50 MG Oral Tablet` }] }
        : { text: `${drug} tablets` };
  return {
    resourceType: 'MedicationRequest',
    id,
    status: options.status ?? 'active',
    intent: 'order',
    subject: { reference: `Patient/${PATIENT}` },
    medicationCodeableConcept: medication,
    ...(options.startedDaysAgo !== undefined
      ? {
          authoredOn: daysBefore(options.startedDaysAgo),
          dispenseRequest: {
            validityPeriod: {
              start: daysBefore(options.startedDaysAgo),
              ...(options.endedDaysAgo !== undefined ? { end: daysBefore(options.endedDaysAgo) } : {}),
            },
          },
        }
      : {}),
    ...(options.statusReason ? { statusReason: { text: options.statusReason } } : {}),
    dosageInstruction: [
      options.mgDaily !== undefined
        ? {
            text: `${options.mgDaily} mg daily`,
            timing: { code: { coding: [{ code: 'QD' }] } },
            doseAndRate: [{ doseQuantity: { value: options.mgDaily, unit: 'mg', system: UCUM, code: 'mg' } }],
          }
        : { text: 'as directed' },
    ],
  };
}

export const draft = (id: string, drug: string, options: OrderOptions = {}): Resource =>
  order(id, drug, { status: 'draft', ...options });

export function allergy(drug: string, reaction: string): Resource {
  return {
    resourceType: 'AllergyIntolerance',
    id: `allergy-${drug}`,
    patient: { reference: `Patient/${PATIENT}` },
    code: { coding: [{ system: RXNORM, code: INGREDIENT_RXNORM[drug], display: drug }] },
    reaction: [{ manifestation: [{ text: reaction }] }],
  };
}

/** AIH on prednisolone and azathioprine 150 mg/day, 70 kg (2.1 mg/kg/day). */
export function onAzathioprine(mg = 150): Resource[] {
  return [
    patient(),
    aih(),
    order('pred', 'prednisolone', { startedDaysAgo: 400, mgDaily: 10 }),
    order('aza', 'azathioprine', { startedDaysAgo: 400, mgDaily: mg }),
    weight(70),
  ];
}

export function check(chart: Resource[], drafts: Resource[], gaps: LoadGap[] = []): OrderAssessment {
  const record = mapPatientResources(chart, { patientId: PATIENT, gaps });
  return assessOrders(record, readDraftOrders(drafts), { asOf: AS_OF });
}

export const checksOf = (result: OrderAssessment): string[] => result.findings.map((f) => f.check);
