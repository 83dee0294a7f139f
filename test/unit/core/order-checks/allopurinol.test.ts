import { describe, expect, it } from 'vitest';
import { reducedAzathioprineDose } from '../../../../src/core/order-checks/reduced-dose.js';
import { check, checksOf, draft, onAzathioprine, order, patient, aih, weight } from './fixtures.js';

const ALLOPURINOL_CHECK = 'allopurinol-with-full-dose-azathioprine';
const INCREASE_CHECK = 'azathioprine-increase-on-allopurinol';

describe('allopurinol with full-dose azathioprine', () => {
  it('is critical for a draft allopurinol beside azathioprine 150 mg/day, suggesting 25 mg/day', () => {
    const result = check(onAzathioprine(150), [draft('d-allo', 'allopurinol', { mgDaily: 100 })]);
    expect(checksOf(result)).toEqual([ALLOPURINOL_CHECK]);
    const card = result.cards[0]!;
    expect(card.indicator).toBe('critical');
    expect(card.summary).toContain('150 mg/day');
    expect(card.summary.length).toBeLessThan(140);
    expect(card.detail).toContain('Current azathioprine: 150 mg/day');
    const actions = card.suggestions?.[0]?.actions ?? [];
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ type: 'create' });
    const resource = actions[0]!.resource as {
      dosageInstruction: { doseAndRate: { doseQuantity: { value: number } }[] }[];
    };
    expect(resource.dosageInstruction[0]!.doseAndRate[0]!.doseQuantity.value).toBe(25);
  });

  it('counts the order and its renewal coded by product (rules v2 §1) once: 150 mg/day, suggesting 25 mg/day', () => {
    const renewal = order('aza-renewal', 'azathioprine', {
      startedDaysAgo: 100,
      mgDaily: 150,
      coding: 'product',
    });
    const result = check(
      [...onAzathioprine(150), renewal],
      [draft('d-allo', 'allopurinol', { mgDaily: 100 })],
    );
    const card = result.cards[0]!;
    expect(card.summary).toContain('(150 mg/day)');
    const resource = card.suggestions![0]!.actions[0]!.resource as {
      dosageInstruction: { doseAndRate: { doseQuantity: { value: number } }[] }[];
    };
    expect(resource.dosageInstruction[0]!.doseAndRate[0]!.doseQuantity.value).toBe(25);
  });

  it('is silent once the suggestion is accepted: allopurinol with the created 25 mg/day order', () => {
    const first = check(onAzathioprine(150), [draft('d-allo', 'allopurinol', { mgDaily: 100 })]);
    const created = first.cards[0]!.suggestions![0]!.actions[0]!.resource!;
    const second = check(onAzathioprine(150), [
      draft('d-allo', 'allopurinol', { mgDaily: 100 }),
      { ...created, id: 'd-aza-reduced' },
    ]);
    expect(second.cards).toEqual([]);
  });

  it('accepts a replacement at ≤ 33 % of the current dose, not above', () => {
    const at33 = check(onAzathioprine(150), [
      draft('d-allo', 'allopurinol', { mgDaily: 100 }),
      draft('d-aza', 'azathioprine', { mgDaily: 49.5 }),
    ]);
    expect(checksOf(at33)).not.toContain(ALLOPURINOL_CHECK);
    const above = check(onAzathioprine(150), [
      draft('d-allo', 'allopurinol', { mgDaily: 100 }),
      draft('d-aza', 'azathioprine', { mgDaily: 50 }),
    ]);
    expect(checksOf(above)).toContain(ALLOPURINOL_CHECK);
    // The too-high draft is deleted and the reduced order created, in one suggestion.
    const actions = above.cards[0]!.suggestions![0]!.actions;
    expect(actions.map((a) => a.type)).toEqual(['delete', 'create']);
    expect(actions[0]!.resourceId).toBe('MedicationRequest/d-aza');
  });

  it('leaves a current dose ≤ 0.5 mg/kg/day as it is, and not one above', () => {
    const low = [...onAzathioprine(35)]; // 35 mg / 70 kg = 0.5 mg/kg/day
    expect(check(low, [draft('d-allo', 'allopurinol')]).cards).toEqual([]);
    const above = onAzathioprine(36);
    expect(checksOf(check(above, [draft('d-allo', 'allopurinol')]))).toEqual([ALLOPURINOL_CHECK]);
  });

  it('a low current dose does not excuse a higher azathioprine drafted with the allopurinol', () => {
    const result = check(onAzathioprine(25), [
      draft('d-allo', 'allopurinol'),
      draft('d-aza', 'azathioprine', { mgDaily: 150 }),
    ]);
    expect(checksOf(result)).toEqual([ALLOPURINOL_CHECK]);
    // A drafted dose ≤ 0.5 mg/kg/day is a reduced dose whatever the current one.
    const low = check(onAzathioprine(150), [
      draft('d-allo', 'allopurinol'),
      draft('d-aza', 'azathioprine', { mgDaily: 35 }),
    ]);
    expect(low.cards).toEqual([]);
  });

  it('without a weight, a low current dose cannot be confirmed as reduced', () => {
    const chart = onAzathioprine(25).filter((r) => r.id !== 'weight');
    const result = check(chart, [draft('d-allo', 'allopurinol')]);
    expect(checksOf(result)).toEqual([ALLOPURINOL_CHECK]);
    // 25 mg is the smallest step but not ≤ 33 % of 25 mg: no suggestion, the card says why.
    expect(result.cards[0]!.suggestions).toBeUndefined();
    expect(result.cards[0]!.detail).toContain('treating specialist');
  });

  it('is critical with no suggestion when the current dose cannot be read', () => {
    const chart = [
      patient(),
      aih(),
      order('pred', 'prednisolone', { startedDaysAgo: 400 }),
      order('aza', 'azathioprine', { startedDaysAgo: 400 }),
      weight(70),
    ];
    const result = check(chart, [draft('d-allo', 'allopurinol')]);
    expect(checksOf(result)).toEqual([ALLOPURINOL_CHECK]);
    expect(result.cards[0]!.summary).toContain('dose unknown');
    expect(result.cards[0]!.suggestions).toBeUndefined();
  });

  it('is silent for allopurinol without azathioprine, current or drafted', () => {
    const chart = [patient(), aih(), order('pred', 'prednisolone', { startedDaysAgo: 400 }), weight(70)];
    expect(check(chart, [draft('d-allo', 'allopurinol')]).cards).toEqual([]);
  });

  it('an azathioprine started with allopurinol must itself be ≤ 0.5 mg/kg/day', () => {
    const chart = [patient(), aih(), order('pred', 'prednisolone', { startedDaysAgo: 400 }), weight(70)];
    const low = check(chart, [draft('a', 'allopurinol'), draft('z', 'azathioprine', { mgDaily: 25 })]);
    expect(checksOf(low)).not.toContain(ALLOPURINOL_CHECK);
    const high = check(chart, [draft('a', 'allopurinol'), draft('z', 'azathioprine', { mgDaily: 100 })]);
    expect(checksOf(high)).toContain(ALLOPURINOL_CHECK);
  });
});

describe('azathioprine dose increase on allopurinol', () => {
  const onBoth = (): Record<string, unknown>[] => [
    ...onAzathioprine(50),
    order('allo', 'allopurinol', { startedDaysAgo: 200, mgDaily: 100 }),
  ];

  it('is critical for a higher drafted dose and offers to remove the draft', () => {
    const result = check(onBoth(), [draft('d-aza', 'azathioprine', { mgDaily: 100 })]);
    expect(checksOf(result)).toEqual([INCREASE_CHECK]);
    expect(result.cards[0]!.indicator).toBe('critical');
    expect(result.cards[0]!.suggestions![0]!.actions).toEqual([
      expect.objectContaining({ type: 'delete', resourceId: 'MedicationRequest/d-aza' }),
    ]);
  });

  it('is silent for the same or a lower dose', () => {
    expect(check(onBoth(), [draft('d-aza', 'azathioprine', { mgDaily: 50 })]).cards).toEqual([]);
    expect(check(onBoth(), [draft('d-aza', 'azathioprine', { mgDaily: 25 })]).cards).toEqual([]);
  });

  it('is critical when the drafted dose cannot be read', () => {
    expect(checksOf(check(onBoth(), [draft('d-aza', 'azathioprine')]))).toEqual([INCREASE_CHECK]);
  });

  it('does not apply without current allopurinol', () => {
    expect(check(onAzathioprine(50), [draft('d-aza', 'azathioprine', { mgDaily: 100 })]).cards).toEqual([]);
  });
});

describe('reduced azathioprine dose (25 %, nearest 25 mg, at least 25 mg)', () => {
  it.each([
    [150, 25], // 37.5: a tie rounds down
    [200, 50],
    [175, 50],
    [100, 25],
    [50, 25],
    [250, 50],
    [300, 75],
  ])('%d mg/day → %d mg/day', (current, reduced) => {
    expect(reducedAzathioprineDose(current)).toBe(reduced);
  });
});
