/**
 * Rules v2 §1: one course recorded several ways (an order, the patient's own list, a dispense, a
 * renewal coded by ingredient) counts once; two products really taken together are still summed.
 */
import { describe, expect, it } from 'vitest';
import { currentAzathioprineDailyDose, currentDailyDose } from '../../../src/core/current-dose.js';
import type { MedicationExposure, MedicationSource, ProductIdentity } from '../../../src/core/types.js';

const AS_OF = '2024-09-01';
const RX = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const SCD_50 = `${RX}|197388`;
/** The order of the failing cases: azathioprine 50 MG Oral Tablet, 150 mg daily since 2023. */
const ORDER: ProductIdentity = { codes: [SCD_50], strengthMg: 50 };

function aza(
  ref: string,
  mg: number,
  product: ProductIdentity | undefined,
  extra: Partial<MedicationExposure> = {},
): MedicationExposure {
  const source = ref.split('/')[0] as MedicationSource;
  return {
    ref,
    source,
    ingredient: 'azathioprine',
    matchedBy: 'rxnorm',
    status: 'active',
    start: '2023-01-01',
    dailyDoseMg: mg,
    ...(product ? { product } : {}),
    ...extra,
  };
}

const both = (meds: MedicationExposure[]) => {
  const dose = currentAzathioprineDailyDose(meds, AS_OF);
  const mgPerDay = currentDailyDose(meds, 'azathioprine', AS_OF).mgPerDay;
  return dose.kind === 'known' ? { mg: dose.mg, upperMg: dose.upperMg, mgPerDay } : { mgPerDay };
};

describe('one course recorded twice counts once (cases a–c)', () => {
  it('(a) an Oracle-style statement named "azathioprine 50 mg tablet" beside the order: 150, not 300', () => {
    const statement = aza('MedicationStatement/s', 150, { codes: [], strengthMg: 50 });
    expect(both([aza('MedicationRequest/z', 150, ORDER), statement])).toEqual({
      mg: 150,
      upperMg: 150,
      mgPerDay: 150,
    });
  });

  it('(b) a dispense coded NDC first, then RxNorm 197388: 150, not 300', () => {
    const dispense = aza('MedicationDispense/d', 150, {
      codes: ['http://hl7.org/fhir/sid/ndc|68382-0003-01', SCD_50],
      strengthMg: 50,
    });
    expect(both([aza('MedicationRequest/z', 150, ORDER), dispense])).toEqual({
      mg: 150,
      upperMg: 150,
      mgPerDay: 150,
    });
  });

  it('(b) the same dispense without the RxNorm code or a strength still proves no other product', () => {
    const dispense = aza('MedicationDispense/d', 150, {
      codes: ['http://hl7.org/fhir/sid/ndc|68382-0003-01'],
    });
    expect(both([aza('MedicationRequest/z', 150, ORDER), dispense]).mgPerDay).toBe(150);
  });

  it('(c) a renewal coded by ingredient only (1256 names no product): 150, not 300', () => {
    const renewal = aza('MedicationRequest/z1', 150, { codes: [] }, { start: '2024-06-01' });
    expect(both([aza('MedicationRequest/z', 150, ORDER), renewal])).toEqual({
      mg: 150,
      upperMg: 150,
      mgPerDay: 150,
    });
  });

  it('the record order does not matter', () => {
    const renewal = aza('MedicationRequest/z1', 150, { codes: [] });
    expect(both([renewal, aza('MedicationRequest/z', 150, ORDER)]).mgPerDay).toBe(150);
  });
});

describe('two products taken together are still summed', () => {
  it('a 50 mg and a 25 mg tablet order, both 100 mg/day: 200', () => {
    const fifty = aza('MedicationRequest/a', 100, ORDER);
    const twentyFive = aza('MedicationRequest/b', 100, { codes: [`${RX}|199310`], strengthMg: 25 });
    expect(both([fifty, twentyFive])).toEqual({ mg: 200, upperMg: 200, mgPerDay: 200 });
  });

  it('two strengths known only from names, same daily dose: summed', () => {
    const a = aza('MedicationStatement/a', 100, { codes: [], strengthMg: 50 });
    const b = aza('MedicationStatement/b', 100, { codes: [], strengthMg: 25 });
    expect(both([a, b]).mgPerDay).toBe(200);
  });

  it('100 mg + 75 mg of one product: 175', () => {
    const a = aza('MedicationRequest/a', 100, ORDER);
    const b = aza('MedicationRequest/b', 75, ORDER);
    expect(both([a, b])).toEqual({ mg: 175, upperMg: 175, mgPerDay: 175 });
  });

  it('a record that may renew either of two different products is counted once with one of them', () => {
    const fifty = aza('MedicationRequest/a', 100, ORDER);
    const twentyFive = aza('MedicationRequest/b', 100, { codes: [], strengthMg: 25 });
    const byIngredient = aza('MedicationRequest/c', 100, { codes: [] });
    expect(both([byIngredient, fifty, twentyFive]).mgPerDay).toBe(200);
  });
});

describe('the two readings of a record that names no product at all', () => {
  it('lower: a renewal of a same-dose order; higher (and the recommendations): an order of its own', () => {
    const unnamed = aza('MedicationRequest/u', 150, undefined);
    expect(both([aza('MedicationRequest/z', 150, ORDER), unnamed])).toEqual({
      mg: 150,
      upperMg: 300,
      mgPerDay: 300,
    });
  });

  it('of another daily dose it is summed in both', () => {
    const unnamed = aza('MedicationRequest/u', 50, undefined);
    expect(both([aza('MedicationRequest/z', 150, ORDER), unnamed])).toEqual({
      mg: 200,
      upperMg: 200,
      mgPerDay: 200,
    });
  });
});
