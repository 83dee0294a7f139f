/**
 * The current daily dose of one ingredient (clinical-rules.md §1, rules v2): the records taken at the
 * as-of date are summed (100 mg + 75 mg = 175 mg/day), except that records of the same product and the
 * same daily dose whose periods overlap are one order renewed and count once. Records current at the
 * as-of date all overlap on that day, so among them "same product, same dose" is one order; "same
 * product" is any product the records do not prove different (same-product.ts).
 */
import { productEvidence, provablyDifferent } from './same-product.js';
import { isCurrentRecord } from './timeline.js';
import type { IngredientId, IsoDate, MedicationExposure, ResourceRef } from './types.js';

export interface CurrentDose {
  /**
   * The summed daily dose in mg, renewals once, a record that names no product at all counted as an
   * order of its own (the higher reading); absent when no record is current or any has no dose.
   */
  mgPerDay?: number;
  /**
   * The same sum with records that name no product taken for renewals of a same-dose order (the lower
   * reading): what a dose *reduction* is measured against, so the reduced draft is never the larger one.
   */
  lowerMgPerDay?: number;
  /** Every record of the ingredient current at the as-of date (the orders a new dose would replace). */
  records: MedicationExposure[];
  /** The current records whose dose could not be derived. */
  undosed: MedicationExposure[];
}

const OPEN_STATUSES: ReadonlySet<string> = new Set(['active', 'on-hold']);

const hasDose = (m: MedicationExposure): boolean =>
  m.dailyDoseMg !== undefined && Number.isFinite(m.dailyDoseMg) && m.dailyDoseMg > 0;

export function currentDailyDose(
  medications: readonly MedicationExposure[],
  ingredient: IngredientId,
  asOf: IsoDate,
): CurrentDose {
  const current = medications.filter((m) => m.ingredient === ingredient && isCurrentRecord(m, asOf));
  // An order stopped while its planned end still lies ahead is not taken when an active order of the
  // drug stands beside it: it was replaced (Epic discontinues the old order on a dose change). Added to
  // the new one it would over-count, and the 25 % allopurinol reduction would be measured against a
  // dose the patient never takes. With no active order beside it, it is kept (its end is all we know).
  // A completed order is not set aside: it ran to its end, which may be today.
  const replaced = (m: MedicationExposure): boolean =>
    m.status === 'stopped' && current.some((o) => OPEN_STATUSES.has(o.status));
  const records = current.filter((m) => !replaced(m));
  const undosed = records.filter((m) => !hasDose(m));
  // One current record without a dose makes the sum unknown: a partial sum would under-count, and an
  // under-counted dose would invite an increase the patient may not need.
  if (records.length === 0 || undosed.length > 0) return { records, undosed };
  // A record that names no product at all is counted as an order of its own here (never under-count).
  return {
    mgPerDay: summed(records, 'higher'),
    lowerMgPerDay: summed(records, 'lower'),
    records,
    undosed,
  };
}

/**
 * How records that name no product at all (no code, no name) are read: `lower` takes them for renewals
 * of any order of the same daily dose (nothing shows another product), `higher` counts each as an order.
 */
type Reading = 'lower' | 'higher';

/** May these two records be one order renewed? Their daily doses are already equal. */
function mayBeOneOrder(a: MedicationExposure, b: MedicationExposure, reading: Reading): boolean {
  if (a.product === undefined || b.product === undefined) return reading === 'lower';
  return !provablyDifferent(a.product, b.product);
}

/**
 * The sum of dosed current records, each order counted once (§1). Every current record overlaps the
 * others on the as-of date, so a record of the same daily dose whose product is not provably different
 * is a renewal. The records that say most about their product are placed first; each joins the first
 * order it may belong to with every record already in it, or starts one. Three records of 100 mg — a
 * 50 mg tablet, a 25 mg tablet, one coded by ingredient only — are two orders, 200 mg/day.
 */
function summed(records: readonly MedicationExposure[], reading: Reading): number {
  const placed = [...records].sort((a, b) => productEvidence(b.product) - productEvidence(a.product));
  const orders: MedicationExposure[][] = [];
  let mgPerDay = 0;
  for (const m of placed) {
    const order = orders.find(
      (o) => o[0]!.dailyDoseMg === m.dailyDoseMg && o.every((other) => mayBeOneOrder(other, m, reading)),
    );
    if (order) {
      order.push(m);
      continue;
    }
    orders.push([m]);
    mgPerDay += m.dailyDoseMg!;
  }
  return Math.round(mgPerDay * 1000) / 1000;
}

/** The current azathioprine daily dose as the order checks read it. */
export type CurrentDailyDose =
  /** No azathioprine record is taken at the as-of date. */
  | { kind: 'none' }
  | {
      kind: 'known';
      /**
       * The lower reading: a record that names no product is a renewal of a same-dose order, so a dose
       * reduction is measured against the smaller current dose.
       */
      mg: number;
      /**
       * The higher reading (the recommendations' `mgPerDay`): such a record is an order of its own, for
       * the one use where a higher dose is the cautious side (is the current dose already low enough?).
       * Both readings take records whose products are not provably different for renewals.
       */
      upperMg: number;
      refs: ResourceRef[];
    }
  | { kind: 'unknown'; refs: ResourceRef[]; undosed: ResourceRef[] };

export function currentAzathioprineDailyDose(
  medications: readonly MedicationExposure[],
  asOf: IsoDate,
): CurrentDailyDose {
  const { records, undosed } = currentDailyDose(medications, 'azathioprine', asOf);
  if (records.length === 0) return { kind: 'none' };
  const refs = records.map((m) => m.ref);
  if (undosed.length > 0) return { kind: 'unknown', refs, undosed: undosed.map((m) => m.ref) };
  return { kind: 'known', mg: summed(records, 'lower'), upperMg: summed(records, 'higher'), refs };
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
