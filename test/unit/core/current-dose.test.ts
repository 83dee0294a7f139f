import { describe, expect, it } from 'vitest';
import { currentAzathioprineDailyDose } from '../../../src/core/current-dose.js';
import type { MedicationExposure } from '../../../src/core/types.js';

const AS_OF = '2026-06-01';
const aza = (ref: string, extra: Partial<MedicationExposure> = {}): MedicationExposure => ({
  ref,
  source: 'MedicationRequest',
  ingredient: 'azathioprine',
  matchedBy: 'rxnorm',
  status: 'active',
  start: '2026-01-01',
  ...extra,
});

describe('currentAzathioprineDailyDose', () => {
  // A dose change: the 100 mg order was stopped when the 150 mg one replaced it, but its planned end
  // still lies after the as-of date. It is not taken: 250 mg would double the allopurinol draft.
  it('a stopped order replaced by an active one is not added to it (150 mg, not 250)', () => {
    const dose = currentAzathioprineDailyDose(
      [
        aza('old', {
          dailyDoseMg: 100,
          product: { codes: ['rx|50'] },
          status: 'stopped',
          start: '2026-02-01',
          end: '2026-08-01',
        }),
        aza('new', {
          dailyDoseMg: 150,
          product: { codes: ['rx|50'] },
          start: '2026-05-01',
          end: '2026-11-01',
        }),
      ],
      AS_OF,
    );
    expect(dose).toMatchObject({ kind: 'known', mg: 150, upperMg: 150, refs: ['new'] });
  });

  it('a stopped order whose planned end is after the as-of date still counts when no active order replaces it', () => {
    const dose = currentAzathioprineDailyDose(
      [aza('old', { dailyDoseMg: 100, product: { codes: ['rx|50'] }, status: 'stopped', end: '2026-08-01' })],
      AS_OF,
    );
    expect(dose).toMatchObject({ kind: 'known', mg: 100 });
  });

  it('sums current records of different products (100 + 75 = 175 mg/day)', () => {
    const dose = currentAzathioprineDailyDose(
      [
        aza('a', { dailyDoseMg: 100, product: { codes: ['rx|50'] } }),
        aza('b', { dailyDoseMg: 75, product: { codes: ['rx|25'] } }),
      ],
      AS_OF,
    );
    expect(dose).toMatchObject({ kind: 'known', mg: 175, upperMg: 175 });
  });

  it('counts a renewal (same product and dose, overlapping) once', () => {
    const dose = currentAzathioprineDailyDose(
      [
        aza('a', { dailyDoseMg: 100, product: { codes: ['rx|50'] } }),
        aza('b', { dailyDoseMg: 100, product: { codes: ['rx|50'] }, start: '2026-05-01' }),
      ],
      AS_OF,
    );
    expect(dose).toMatchObject({ kind: 'known', mg: 100, upperMg: 100 });
  });

  it('reads same-dose records without a product as a renewal, but keeps the sum as the upper reading', () => {
    const dose = currentAzathioprineDailyDose(
      [aza('a', { dailyDoseMg: 100 }), aza('b', { dailyDoseMg: 100 })],
      AS_OF,
    );
    expect(dose).toMatchObject({ kind: 'known', mg: 100, upperMg: 200 });
  });

  it('ignores ended records and is unknown when any current record has no dose', () => {
    expect(
      currentAzathioprineDailyDose(
        [
          aza('old', { dailyDoseMg: 200, status: 'completed', end: '2026-03-01' }),
          aza('a', { dailyDoseMg: 50 }),
        ],
        AS_OF,
      ),
    ).toMatchObject({ kind: 'known', mg: 50 });
    expect(currentAzathioprineDailyDose([aza('a', { dailyDoseMg: 50 }), aza('b')], AS_OF)).toMatchObject({
      kind: 'unknown',
      undosed: ['b'],
    });
    expect(currentAzathioprineDailyDose([], AS_OF)).toEqual({ kind: 'none' });
  });
});
