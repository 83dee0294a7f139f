/** MedicationRequest.priorPrescription: the replaced order ends the day before its replacement starts. */
import { describe, expect, it } from 'vitest';
import { currentAzathioprineDailyDose } from '../../../src/core/current-dose.js';
import { endReplacedOrders } from '../../../src/core/replaced-orders.js';
import { buildTimeline } from '../../../src/core/timeline.js';
import type { IngredientId, MedicationExposure } from '../../../src/core/types.js';

const AS_OF = '2024-09-01';
const PRODUCT = { codes: ['http://www.nlm.nih.gov/research/umls/rxnorm|197388'], strengthMg: 50 };

function request(
  id: string,
  start: string,
  mg: number,
  extra: Partial<MedicationExposure> = {},
  ingredient: IngredientId = 'azathioprine',
): MedicationExposure {
  return {
    ref: `MedicationRequest/${id}`,
    source: 'MedicationRequest',
    ingredient,
    matchedBy: 'rxnorm',
    status: 'active',
    start,
    lastKnown: start,
    dailyDoseMg: mg,
    product: PRODUCT,
    ...extra,
  };
}

const z = (extra: Partial<MedicationExposure> = {}) => request('z', '2023-01-01', 100, extra);
const z2 = (start = '2024-05-01', extra: Partial<MedicationExposure> = {}) =>
  request('z2', start, 150, { replaces: 'MedicationRequest/z', ...extra });
const endOf = (meds: MedicationExposure[], ref: string) => meds.find((m) => m.ref === ref)?.end;
const doseAt = (meds: MedicationExposure[], asOf = AS_OF) => {
  const dose = currentAzathioprineDailyDose(endReplacedOrders(meds), asOf);
  return dose.kind === 'known' ? dose.mg : dose.kind;
};

describe('endReplacedOrders', () => {
  it('orders naming each other (a cycle): only the later one ends the earlier', () => {
    const meds = endReplacedOrders([z({ replaces: 'MedicationRequest/z2' }), z2()]);
    expect(endOf(meds, 'MedicationRequest/z')).toBe('2024-04-30');
    expect(endOf(meds, 'MedicationRequest/z2')).toBeUndefined();
    expect(doseAt(meds)).toBe(150);
  });

  it('a replacement of the same start ends the old order on that day: 150, not 250', () => {
    const meds = endReplacedOrders([z(), z2('2023-01-01')]);
    expect(endOf(meds, 'MedicationRequest/z')).toBe('2023-01-01');
    expect(doseAt(meds)).toBe(150);
  });

  it('replaced the same day by one order and later by another: the same-day one decides', () => {
    const later = request('z3', '2024-05-01', 75, { replaces: 'MedicationRequest/z' });
    const meds = endReplacedOrders([z(), z2('2023-01-01'), later]);
    expect(endOf(meds, 'MedicationRequest/z')).toBe('2023-01-01');
  });

  it('two orders of the same start naming each other: neither ends', () => {
    const a = request('a', '2024-05-01', 100, { replaces: 'MedicationRequest/b' });
    const b = request('b', '2024-05-01', 50, { replaces: 'MedicationRequest/a' });
    const meds = endReplacedOrders([a, b]);
    expect(meds.map((m) => m.end)).toEqual([undefined, undefined]);
  });

  it('(d) z2 replaces z: z ends 2024-04-30 and the current dose is 150, not 250', () => {
    const meds = endReplacedOrders([z(), z2()]);
    expect(endOf(meds, 'MedicationRequest/z')).toBe('2024-04-30');
    expect(endOf(meds, 'MedicationRequest/z2')).toBeUndefined();
    expect(doseAt([z(), z2()])).toBe(150);
    expect(currentAzathioprineDailyDose([z(), z2()], AS_OF)).toMatchObject({ mg: 250 });
  });

  it('the timeline is unchanged: one azathioprine period from 2023-01-01, ongoing, with both orders', () => {
    const azathioprine = (meds: MedicationExposure[]) =>
      buildTimeline(meds, AS_OF).periods.filter((p) => p.ingredient === 'azathioprine');
    const replaced = azathioprine(endReplacedOrders([z(), z2()]));
    expect(replaced).toEqual(azathioprine([z(), z2()]));
    expect(replaced).toMatchObject([{ start: '2023-01-01', ongoing: true }]);
    expect(replaced[0]!.refs).toEqual(['MedicationRequest/z', 'MedicationRequest/z2']);
  });

  it('the day before the replacement z is still taken; on its first day only z2', () => {
    expect(doseAt([z(), z2()], '2024-04-30')).toBe(100);
    expect(doseAt([z(), z2()], '2024-05-01')).toBe(150);
  });

  it('a replacement that starts after the as-of date does not end the current order early', () => {
    const later = [z(), z2('2024-10-01')];
    expect(endOf(endReplacedOrders(later), 'MedicationRequest/z')).toBe('2024-09-30');
    expect(doseAt(later)).toBe(100);
    expect(doseAt(later, '2024-10-01')).toBe(150);
  });

  it('an end of its own before the replacement is kept; a later one is brought forward', () => {
    expect(endOf(endReplacedOrders([z({ end: '2024-03-01' }), z2()]), 'MedicationRequest/z')).toBe(
      '2024-03-01',
    );
    expect(endOf(endReplacedOrders([z({ end: '2024-04-30' }), z2()]), 'MedicationRequest/z')).toBe(
      '2024-04-30',
    );
    expect(endOf(endReplacedOrders([z({ end: '2025-01-01' }), z2()]), 'MedicationRequest/z')).toBe(
      '2024-04-30',
    );
  });

  it('the earliest of two replacements ends it', () => {
    const z3 = request('z3', '2024-03-01', 125, { replaces: 'MedicationRequest/z' });
    expect(endOf(endReplacedOrders([z(), z2(), z3]), 'MedicationRequest/z')).toBe('2024-02-29');
  });

  it('a reference to a missing order, or to an order of another ingredient, changes nothing', () => {
    const missing = [z(), z2('2024-05-01', { replaces: 'MedicationRequest/nowhere' })];
    expect(endReplacedOrders(missing)).toEqual(missing);
    expect(doseAt(missing)).toBe(250);
    const prednisone = request('pred', '2023-01-01', 10, {}, 'prednisone');
    const other = [prednisone, z(), z2('2024-05-01', { replaces: 'MedicationRequest/pred' })];
    expect(endReplacedOrders(other)).toEqual(other);
  });

  it('a replacement that was never taken (cancelled), or names itself, changes nothing', () => {
    const cancelled = [z(), z2('2024-05-01', { status: 'cancelled' })];
    expect(endReplacedOrders(cancelled)).toEqual(cancelled);
    const itself = [z2('2024-05-01', { replaces: 'MedicationRequest/z2' })];
    expect(endReplacedOrders(itself)).toEqual(itself);
  });

  it('only a request replaces a request: a statement with the same reference changes nothing', () => {
    const statement: MedicationExposure = {
      ...z2(),
      ref: 'MedicationStatement/s',
      source: 'MedicationStatement',
    };
    expect(endReplacedOrders([z(), statement])).toEqual([z(), statement]);
  });
});
