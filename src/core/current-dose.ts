/**
 * The current azathioprine daily dose (clinical-rules.md §1 "Daily dose"): records of azathioprine
 * taken at the as-of date are summed (100 mg + 75 mg = 175 mg/day), except that records of the same
 * product and the same daily dose whose periods overlap are one order renewed and count once. Any
 * current record without a dose makes the whole dose unknown: a part can never stand for the sum.
 */
import { dayNumber } from './dates.js';
import { isCurrentRecord } from './timeline.js';
import type { IsoDate, MedicationExposure, ResourceRef } from './types.js';

export type CurrentDailyDose =
  /** No azathioprine record is taken at the as-of date. */
  | { kind: 'none' }
  | {
      kind: 'known';
      mg: number;
      /**
       * The sum when records whose product is not recorded are never taken for renewals of each
       * other: the higher reading, for the one use where a higher dose is the cautious side (is the
       * current dose already low enough to leave as it is?).
       */
      upperMg: number;
      refs: ResourceRef[];
    }
  | { kind: 'unknown'; refs: ResourceRef[]; undosed: ResourceRef[] };

interface Dosed {
  record: MedicationExposure;
  mg: number;
  start: number;
  /** Inclusive; `Infinity` while open. */
  end: number;
}

export function currentAzathioprineDailyDose(
  medications: readonly MedicationExposure[],
  asOf: IsoDate,
): CurrentDailyDose {
  const current = medications.filter((m) => m.ingredient === 'azathioprine' && isCurrentRecord(m, asOf));
  if (current.length === 0) return { kind: 'none' };
  const refs = current.map((m) => m.ref);
  const undosed = current.filter((m) => m.dailyDoseMg === undefined || !(m.dailyDoseMg > 0));
  if (undosed.length > 0) return { kind: 'unknown', refs, undosed: undosed.map((m) => m.ref) };
  const dosed: Dosed[] = current.map((record) => ({
    record,
    mg: record.dailyDoseMg!,
    start: dayNumber(record.start ?? record.lastKnown)!,
    end: dayNumber(record.end) ?? Infinity,
  }));
  return {
    kind: 'known',
    // Two current records without a product and with the same dose are read as one renewed order:
    // the lower reading, so a dose reduction is measured against the smaller current dose.
    mg: sumCountingRenewalsOnce(dosed, (a, b) => (a ?? '') === (b ?? '')),
    upperMg: sumCountingRenewalsOnce(dosed, (a, b) => a !== undefined && a === b),
    refs,
  };
}

function sumCountingRenewalsOnce(
  dosed: readonly Dosed[],
  sameProduct: (a: string | undefined, b: string | undefined) => boolean,
): number {
  const counted: Dosed[] = [];
  let total = 0;
  for (const d of [...dosed].sort((a, b) => a.start - b.start)) {
    const renewal = counted.some(
      (c) =>
        c.mg === d.mg &&
        sameProduct(c.record.product, d.record.product) &&
        c.start <= d.end &&
        d.start <= c.end,
    );
    if (renewal) continue;
    counted.push(d);
    total += d.mg;
  }
  return Math.round(total * 1000) / 1000;
}
