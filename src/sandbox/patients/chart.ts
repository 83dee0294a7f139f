/**
 * Chart builder: collects one synthetic patient's resources with stable ids, in the shape of the
 * EHR being imitated (Epic-like or Oracle-Health-like).
 */
import { SYSTEM } from '../../core/codes.js';
import type { ConditionId, IngredientId } from '../../core/types.js';
import { birthDateForAge, type Clock } from './dates.js';
import type { EhrShape, FhirResource } from './types.js';

export class Chart {
  readonly resources: FhirResource[] = [];
  #sequence = 0;

  constructor(
    readonly patientId: string,
    readonly shape: EhrShape,
    readonly clock: Clock,
  ) {}

  nextId(kind: string): string {
    this.#sequence += 1;
    return `${this.patientId}-${kind}-${this.#sequence}`;
  }

  get subject(): { reference: string } {
    return { reference: `Patient/${this.patientId}` };
  }

  add(resource: FhirResource): void {
    this.resources.push(resource);
  }
}

export interface PatientDetails {
  given: string;
  family: string;
  gender: 'male' | 'female';
  age: number;
  mrn: string;
}

export function addPatient(chart: Chart, details: PatientDetails): void {
  chart.add({
    resourceType: 'Patient',
    id: chart.patientId,
    identifier: [
      {
        use: 'usual',
        type: {
          coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }],
          text: 'MRN',
        },
        system: 'urn:oid:2.16.840.1.113883.3.9999.1',
        value: details.mrn,
      },
    ],
    active: true,
    name: [
      {
        use: 'official',
        family: details.family,
        given: [details.given],
        text: `${details.given} ${details.family}`,
      },
    ],
    gender: details.gender,
    birthDate: birthDateForAge(chart.clock, details.age),
  });
}

const CONDITION_CODES: Record<ConditionId, { snomed: string; icd10: string; display: string }> = {
  aih: { snomed: '408335007', icd10: 'K75.4', display: 'Autoimmune hepatitis' },
  cirrhosis: { snomed: '19943007', icd10: 'K74.60', display: 'Cirrhosis of liver' },
  'portal-hypertension': { snomed: '34742003', icd10: 'K76.6', display: 'Portal hypertension' },
  decompensation: { snomed: '389026000', icd10: 'R18.8', display: 'Ascites' },
  pbc: { snomed: '31712002', icd10: 'K74.3', display: 'Primary biliary cholangitis' },
  psc: { snomed: '197441003', icd10: 'K83.01', display: 'Primary sclerosing cholangitis' },
  pregnancy: { snomed: '77386006', icd10: 'Z33.1', display: 'Pregnancy' },
  'liver-transplant': { snomed: '18027006', icd10: 'Z94.4', display: 'Liver transplant status' },
};

export function addCondition(chart: Chart, condition: ConditionId, onsetDay: number): void {
  const code = CONDITION_CODES[condition];
  // Epic problem lists carry ICD-10-CM and SNOMED; Oracle's commonly SNOMED first.
  const coding =
    chart.shape === 'epic'
      ? [
          { system: SYSTEM.icd10cm, code: code.icd10, display: code.display },
          { system: SYSTEM.snomed, code: code.snomed, display: code.display },
        ]
      : [{ system: SYSTEM.snomed, code: code.snomed, display: code.display }];
  chart.add({
    resourceType: 'Condition',
    id: chart.nextId('condition'),
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
    verificationStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }],
    },
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/condition-category', code: 'problem-list-item' },
        ],
      },
    ],
    code: { coding, text: code.display },
    subject: chart.subject,
    onsetDateTime: chart.clock.at(onsetDay),
    recordedDate: chart.clock.at(onsetDay),
  });
}

const ALLERGY_CODES: Partial<Record<IngredientId, { rxnorm: string; display: string }>> = {
  azathioprine: { rxnorm: '1256', display: 'azathioprine' },
  prednisolone: { rxnorm: '8638', display: 'prednisolone' },
  mycophenolate: { rxnorm: '68149', display: 'mycophenolate mofetil' },
};

export function addIntolerance(chart: Chart, ingredient: IngredientId, reaction: string, day: number): void {
  const code = ALLERGY_CODES[ingredient];
  if (!code) throw new Error(`No allergy code table entry for ${ingredient}`);
  chart.add({
    resourceType: 'AllergyIntolerance',
    id: chart.nextId('allergy'),
    clinicalStatus: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical', code: 'active' },
      ],
    },
    verificationStatus: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification',
          code: 'confirmed',
        },
      ],
    },
    type: 'intolerance',
    category: ['medication'],
    code: {
      coding: [{ system: SYSTEM.rxnorm, code: code.rxnorm, display: code.display }],
      text: code.display,
    },
    patient: chart.subject,
    recordedDate: chart.clock.at(day),
    reaction: [{ manifestation: [{ text: reaction }] }],
  });
}

/**
 * A liver transplant as a performed Procedure (SNOMED CT 18027006 and CPT 47135), the way a surgical
 * history records it when the problem list does not (clinical-rules.md §1, v2).
 */
export function addLiverTransplantProcedure(chart: Chart, day: number): void {
  chart.add({
    resourceType: 'Procedure',
    id: chart.nextId('procedure'),
    status: 'completed',
    category: {
      coding: [{ system: SYSTEM.snomed, code: '387713003', display: 'Surgical procedure' }],
    },
    code: {
      coding: [
        { system: SYSTEM.snomed, code: '18027006', display: 'Transplantation of liver' },
        { system: 'http://www.ama-assn.org/go/cpt', code: '47135', display: 'Liver allotransplantation' },
      ],
      text: 'Liver transplant',
    },
    subject: chart.subject,
    performedDateTime: chart.clock.at(day),
  });
}
