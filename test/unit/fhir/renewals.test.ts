/**
 * FHIR → current azathioprine dose (rules v2 §1): one course recorded as an order plus a statement, a
 * dispense or an ingredient-coded renewal counts once, and an order named by another's
 * priorPrescription ends the day before its replacement starts.
 */
import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import type { Assessment } from '../../../src/core/types.js';
import { mapPatientResources } from '../../../src/fhir/map.js';
import {
  azathioprineOrder,
  chart,
  COURSE_AS_OF,
  COURSE_PATIENT,
  dispense,
  ingredientRenewal,
  oracleStatement,
} from './azathioprine-course.js';
import { RXNORM, type Json } from './resources.js';

const mapped = (resources: Json[]) => mapPatientResources(resources, { patientId: COURSE_PATIENT });
const run = (azathioprine: Json[]): Assessment =>
  assess(mapped([...chart(), ...azathioprine]), { asOf: COURSE_AS_OF });

/** The reduced azathioprine order of the add-allopurinol suggestion, as the card writes it. */
function draftText(a: Assessment): string | undefined {
  for (const suggestion of a.card.suggestions ?? []) {
    for (const action of suggestion.actions) {
      const resource = action.resource as { dosageInstruction?: { text?: string }[] } | undefined;
      const text = resource?.dosageInstruction?.[0]?.text;
      if (text?.startsWith('Azathioprine')) return text;
    }
  }
  return undefined;
}

const allopurinol = (a: Assessment) => a.recommendations.find((r) => r.id === 'add-allopurinol');

describe('one course recorded twice: the allopurinol draft is 25 % of 150 mg/day', () => {
  it('the order alone: 25 mg', () => {
    const a = run([azathioprineOrder('z', 150)]);
    expect(a.response).toBe('insufficient-response');
    expect(draftText(a)).toMatch(/^Azathioprine 25 mg daily \(25% of the current 150 mg\/day/);
  });

  it.each([
    ['(a) an Oracle-style MedicationStatement', oracleStatement()],
    ['(b) a MedicationDispense coded NDC, then RxNorm', dispense()],
    ['(c) a renewal coded by ingredient (1256)', ingredientRenewal()],
  ])('%s beside the order: 150 mg/day, not 300', (_, record) => {
    const a = run([azathioprineOrder('z', 150), record]);
    expect(allopurinol(a)?.replacementOrder).toMatchObject({ currentMgPerDay: 150, newMgPerDay: 25 });
    expect(allopurinol(a)?.replacementOrder?.replaces).toHaveLength(2);
    expect(draftText(a)).toMatch(/^Azathioprine 25 mg daily \(25% of the current 150 mg\/day/);
  });

  it('a second order of 25 mg tablets at the same 150 mg/day is another product: 300', () => {
    const tablets25 = { system: RXNORM, code: '199310', display: 'azathioprine 25 MG Oral Tablet' };
    const a = run([azathioprineOrder('z', 150), azathioprineOrder('z25', 150, '2024-06-01', {}, tablets25)]);
    expect(allopurinol(a)?.replacementOrder).toMatchObject({ currentMgPerDay: 300, newMgPerDay: 75 });
  });

  it('a renewal coded by a dose form (370973 Azathioprine Oral Tablet, no strength) is the same course: 150', () => {
    const doseForm = { system: RXNORM, code: '370973' };
    const a = run([azathioprineOrder('z', 150), azathioprineOrder('zf', 150, '2024-06-01', {}, doseForm)]);
    expect(allopurinol(a)?.replacementOrder).toMatchObject({ currentMgPerDay: 150, newMgPerDay: 25 });
  });

  it('100 mg and 75 mg orders of the one product are still summed: 175', () => {
    const a = run([azathioprineOrder('z', 100), azathioprineOrder('z75', 75, '2024-06-01')]);
    expect(allopurinol(a)?.replacementOrder).toMatchObject({ currentMgPerDay: 175, newMgPerDay: 50 });
  });
});

describe('product identity as mapped', () => {
  it('keeps product codes and the strength; an ingredient or ATC code names no product', () => {
    const record = mapped([
      dispense(),
      ingredientRenewal(),
      oracleStatement(),
      azathioprineOrder('atc', 150, '2024-06-01', {}, { system: 'http://www.whocc.no/atc', code: 'L04AX01' }),
    ]);
    const products = Object.fromEntries(record.medications.map((m) => [m.ref, m.product]));
    expect(products).toEqual({
      'MedicationDispense/d1': {
        codes: ['http://hl7.org/fhir/sid/ndc|68382-0003-01', `${RXNORM}|197388`],
        strengthMg: 50,
      },
      'MedicationRequest/z1': { codes: [] },
      'MedicationStatement/s1': { codes: [], strengthMg: 50 },
      'MedicationRequest/atc': { codes: [] },
    });
  });
});

describe('priorPrescription (d)', () => {
  const replacing = (reference: string) =>
    azathioprineOrder('z2', 150, '2024-05-01', { priorPrescription: { reference } });
  const endOfZ = (resources: Json[]) =>
    mapped(resources).medications.find((m) => m.ref === 'MedicationRequest/z')?.end;

  it('z2 replaces z: z ends the day before, the dose is 150 and only z2 is replaced by the draft', () => {
    const a = run([azathioprineOrder('z', 100), replacing('MedicationRequest/z')]);
    expect(allopurinol(a)?.replacementOrder).toEqual({
      ingredient: 'azathioprine',
      currentMgPerDay: 150,
      newMgPerDay: 25,
      replaces: ['MedicationRequest/z2'],
    });
    expect(draftText(a)).toMatch(/^Azathioprine 25 mg daily \(25% of the current 150 mg\/day/);
    const periods = a.periods.filter((p) => p.ingredient === 'azathioprine');
    expect(periods).toMatchObject([{ start: '2023-01-01', ongoing: true }]);
  });

  it('an absolute reference with a version names the same order; the replacement may come first', () => {
    const absolute = replacing('https://ehr.example/fhir/MedicationRequest/z/_history/3');
    expect(endOfZ([absolute, azathioprineOrder('z', 100)])).toBe('2024-04-30');
    expect(mapped([absolute]).medications[0]?.replaces).toBe('MedicationRequest/z');
  });

  it('the replacing order starts at its validity period when it has one', () => {
    const validity = azathioprineOrder('z2', 150, '2024-05-01', {
      priorPrescription: { reference: 'MedicationRequest/z' },
      dispenseRequest: { validityPeriod: { start: '2024-05-15' } },
    });
    expect(endOfZ([azathioprineOrder('z', 100), validity])).toBe('2024-05-14');
  });

  it('a reference to another resource type, a contained one or a missing order changes nothing', () => {
    for (const reference of ['MedicationStatement/z', '#z', 'MedicationRequest/gone']) {
      expect(endOfZ([azathioprineOrder('z', 100), replacing(reference)])).toBeUndefined();
    }
    expect(mapped([replacing('MedicationStatement/z')]).medications[0]?.replaces).toBeUndefined();
    const a = run([azathioprineOrder('z', 100), replacing('MedicationRequest/gone')]);
    expect(allopurinol(a)?.replacementOrder).toMatchObject({ currentMgPerDay: 250 });
  });

  it('naming the prednisone order ends neither it nor azathioprine', () => {
    const record = mapped([...chart(), azathioprineOrder('z', 100), replacing('MedicationRequest/pred')]);
    expect(record.medications.every((m) => m.end === undefined)).toBe(true);
  });
});
