/**
 * The current daily dose of one ingredient (clinical-rules.md §1, rules v2): the records taken at the
 * as-of date are summed (100 mg + 75 mg = 175 mg/day), except that records of the same product and the
 * same daily dose whose periods overlap are one order renewed and count once. Records current at the
 * as-of date all overlap on that day, so among them "same product, same dose" is one order.
 */
import { isCurrentRecord } from './timeline.js';
import type { IngredientId, IsoDate, MedicationExposure } from './types.js';

export interface CurrentDose {
  /** The summed daily dose in mg; absent when no record is current or any current record has no dose. */
  mgPerDay?: number;
  /** Every record of the ingredient current at the as-of date (the orders a new dose would replace). */
  records: MedicationExposure[];
  /** The current records whose dose could not be derived. */
  undosed: MedicationExposure[];
}

const hasDose = (m: MedicationExposure): boolean =>
  m.dailyDoseMg !== undefined && Number.isFinite(m.dailyDoseMg) && m.dailyDoseMg > 0;

export function currentDailyDose(
  medications: readonly MedicationExposure[],
  ingredient: IngredientId,
  asOf: IsoDate,
): CurrentDose {
  const records = medications.filter((m) => m.ingredient === ingredient && isCurrentRecord(m, asOf));
  const undosed = records.filter((m) => !hasDose(m));
  // One current record without a dose makes the sum unknown: a partial sum would under-count, and an
  // under-counted dose would invite an increase the patient may not need.
  if (records.length === 0 || undosed.length > 0) return { records, undosed };
  const counted = new Set<string>();
  let mgPerDay = 0;
  for (const m of records) {
    // Without a product there is no evidence of a renewal: the record is counted (never under-count).
    const key = m.product !== undefined ? `${m.product}|${m.dailyDoseMg}` : undefined;
    if (key !== undefined && counted.has(key)) continue;
    if (key !== undefined) counted.add(key);
    mgPerDay += m.dailyDoseMg!;
  }
  return { mgPerDay, records, undosed };
}

/** Allopurinol co-therapy: azathioprine at 25 % of the current daily dose (§6). */
export const ALLOPURINOL_AZATHIOPRINE_FRACTION = 0.25;
export const AZATHIOPRINE_DOSE_STEP_MG = 25;

/**
 * 25 % of the current daily dose, rounded to the nearest 25 mg, at least 25 mg. A quarter that lies
 * exactly half-way between two steps (150 mg → 37.5 mg) goes to the lower one: with allopurinol the
 * thiopurine exposure rises several-fold, so the smaller dose is the safer draft.
 */
export function reducedAzathioprineDose(currentMgPerDay: number): number {
  // currentMgPerDay / 100 = the quarter in 25 mg steps, without the rounding error of 0.25 × x / 25.
  const steps = Math.ceil(
    currentMgPerDay / (AZATHIOPRINE_DOSE_STEP_MG / ALLOPURINOL_AZATHIOPRINE_FRACTION) - 0.5,
  );
  return Math.max(1, steps) * AZATHIOPRINE_DOSE_STEP_MG;
}
