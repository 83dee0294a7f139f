/**
 * Medication records. Epic-like charts hold only MedicationRequests, renewed every 90 days as real
 * prescriptions are; Oracle-like charts add a MedicationStatement per course (a documented home
 * medication) besides the order.
 */
import { SYSTEM } from '../../core/codes.js';
import type { IngredientId } from '../../core/types.js';
import type { Chart } from './chart.js';
import type { FhirResource } from './types.js';

/** AIH therapy, or a drug the rules read only for what it changes (a vitamin K antagonist and INR). */
export type DrugId = IngredientId | 'warfarin';

const PRODUCTS: Partial<Record<DrugId, { rxnorm: string; atc?: string; name: string; product: string }>> = {
  prednisone: { rxnorm: '8640', name: 'prednisone', product: 'predniSONE 20 mg tablet' },
  prednisolone: { rxnorm: '8638', name: 'prednisolone', product: 'prednisoLONE 5 mg tablet' },
  budesonide: {
    rxnorm: '19831',
    name: 'budesonide',
    product: 'budesonide 3 mg delayed-release oral capsule',
  },
  azathioprine: { rxnorm: '1256', name: 'azathioprine', product: 'azaTHIOprine 50 mg tablet' },
  mercaptopurine: { rxnorm: '103', name: 'mercaptopurine', product: 'mercaptopurine 50 mg tablet' },
  mycophenolate: {
    rxnorm: '68149',
    name: 'mycophenolate mofetil',
    product: 'mycophenolate mofetil 500 mg tablet',
  },
  tacrolimus: { rxnorm: '42316', name: 'tacrolimus', product: 'tacrolimus 1 mg oral capsule' },
  allopurinol: { rxnorm: '519', name: 'allopurinol', product: 'allopurinol 100 mg tablet' },
  // RxNorm IN 11289 and ATC B01AA03 (vitamin K antagonists, clinical-rules.md §1 "Anticoagulation").
  warfarin: { rxnorm: '11289', atc: 'B01AA03', name: 'warfarin', product: 'warfarin 5 mg tablet' },
};

export interface Course {
  ingredient: DrugId;
  /** Day the course started (relative to today, negative). */
  start: number;
  /** Day it stopped; absent while ongoing. */
  end?: number;
  doseMg: number;
  timesPerDay: number;
  /** Why it was stopped (written as the prescriber would). */
  stoppedBecause?: string;
  /**
   * The sig as the only dosage: free text with no structured dose or timing, as many EHR orders
   * carry it. `doseMg` and `timesPerDay` then only say what the text means.
   */
  sig?: string;
  /** Why it is given, when not for AIH (SNOMED CT). */
  reason?: { snomed: string; display: string };
}

const RENEWAL_DAYS = 90;

function medicationConcept(ingredient: DrugId): Record<string, unknown> {
  const product = PRODUCTS[ingredient];
  if (!product) throw new Error(`No product table entry for ${ingredient}`);
  return {
    coding: [
      { system: SYSTEM.rxnorm, code: product.rxnorm, display: product.name },
      ...(product.atc ? [{ system: SYSTEM.atc, code: product.atc, display: product.name }] : []),
    ],
    text: product.product,
  };
}

function dosage(chart: Chart, course: Course, from: number, to?: number): Record<string, unknown> {
  if (course.sig !== undefined) return { text: course.sig, patientInstruction: course.sig };
  const product = PRODUCTS[course.ingredient];
  const frequency = course.timesPerDay === 1 ? 'once daily' : `${course.timesPerDay} times daily`;
  return {
    text: `${product?.name ?? course.ingredient} ${course.doseMg} mg by mouth ${frequency}`,
    route: { coding: [{ system: SYSTEM.snomed, code: '26643006', display: 'Oral route' }], text: 'oral' },
    timing: {
      repeat: {
        boundsPeriod: {
          start: chart.clock.day(from),
          ...(to !== undefined ? { end: chart.clock.day(to) } : {}),
        },
        frequency: course.timesPerDay,
        period: 1,
        periodUnit: 'd',
      },
    },
    doseAndRate: [{ doseQuantity: { value: course.doseMg, unit: 'mg', system: SYSTEM.ucum, code: 'mg' } }],
  };
}

function reasonOf(course: Course): { code: string; display: string } {
  return course.reason
    ? { code: course.reason.snomed, display: course.reason.display }
    : { code: '408335007', display: 'Autoimmune hepatitis' };
}

function statusReason(course: Course): Record<string, unknown> | undefined {
  if (!course.stoppedBecause) return undefined;
  return {
    coding: [{ system: SYSTEM.snomed, code: '281647001', display: 'Adverse reaction' }],
    text: course.stoppedBecause,
  };
}

/** One prescription of the course: `from`..`to` (to absent = the current, active order). */
function medicationRequest(
  chart: Chart,
  course: Course,
  from: number,
  to: number | undefined,
  last: boolean,
): FhirResource {
  const stopped = last && course.end !== undefined;
  const reason = stopped ? statusReason(course) : undefined;
  return {
    resourceType: 'MedicationRequest',
    id: chart.nextId('medrequest'),
    status: to === undefined ? 'active' : stopped && course.stoppedBecause ? 'stopped' : 'completed',
    ...(reason ? { statusReason: reason } : {}),
    intent: 'order',
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/medicationrequest-category', code: 'outpatient' },
        ],
      },
    ],
    medicationCodeableConcept: medicationConcept(course.ingredient),
    subject: chart.subject,
    authoredOn: chart.clock.at(from),
    requester: { display: 'Demo Hepatologist, MD' },
    reasonCode: [{ coding: [{ system: SYSTEM.snomed, ...reasonOf(course) }] }],
    dosageInstruction: [dosage(chart, course, from, to)],
    dispenseRequest: {
      validityPeriod: {
        start: chart.clock.day(from),
        ...(to !== undefined ? { end: chart.clock.day(to) } : {}),
      },
    },
  };
}

function medicationStatement(chart: Chart, course: Course): FhirResource {
  const reason = statusReason(course);
  return {
    resourceType: 'MedicationStatement',
    id: chart.nextId('medstatement'),
    status: course.end === undefined ? 'active' : course.stoppedBecause ? 'stopped' : 'completed',
    ...(reason ? { statusReason: [reason] } : {}),
    medicationCodeableConcept: medicationConcept(course.ingredient),
    subject: chart.subject,
    effectivePeriod: {
      start: chart.clock.day(course.start),
      ...(course.end !== undefined ? { end: chart.clock.day(course.end) } : {}),
    },
    dateAsserted: chart.clock.at(course.end ?? -7),
    dosage: [dosage(chart, course, course.start, course.end)],
  };
}

/** A course of treatment as the imitated EHR records it. */
export function addCourse(chart: Chart, course: Course): void {
  if (chart.shape === 'oracle') {
    chart.add(medicationStatement(chart, course));
    chart.add(medicationRequest(chart, { ...course, start: course.start }, course.start, course.end, true));
    return;
  }
  const finish = course.end ?? 0;
  for (
    let from = course.start;
    from < finish || (from === course.start && course.end === undefined);
    from += RENEWAL_DAYS
  ) {
    const next = from + RENEWAL_DAYS;
    const isLast = next >= finish;
    const to = isLast ? course.end : next;
    chart.add(medicationRequest(chart, course, from, to, isLast));
    if (isLast) break;
  }
}
