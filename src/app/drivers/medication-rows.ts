/**
 * The medication table's rows: every AIH medication record the assessment was made from, current first,
 * with its dose as recorded and, for azathioprine, mg/kg/day against the weight the rules use.
 * The dose per kilogram is computed by the core (dose-per-kg.ts); this only arranges it.
 */
import { INGREDIENT_IDS } from '../../core/codes.js';
import { AZA_TARGET_MG_PER_KG, mgPerKgPerDay, weightForDosing } from '../../core/dose-per-kg.js';
import { isCurrentRecord, isExposure } from '../../core/timeline.js';
import type { IsoDate, MedicationExposure, NormalisedValue } from '../../core/types.js';
import { compareText } from '../../core/compare-text.js';

/** Ingredients of AIH therapy and its adjunct (the core's table); other records are not listed. */
const AIH_MEDICATIONS: ReadonlySet<string> = new Set<string>(INGREDIENT_IDS);

export interface MedicationRow {
  ref: string;
  ingredient: MedicationExposure['ingredient'];
  current: boolean;
  status: string;
  dailyDoseMg?: number;
  doseText?: string;
  /** Only for azathioprine with a known dose and weight. */
  mgPerKgPerDay?: number;
  belowTarget?: boolean;
  start?: IsoDate;
  /** The stop date; for a past record without one, the last date the record carries. */
  stop?: IsoDate;
  stopIsLastKnown?: boolean;
  stopReason?: string;
}

export interface MedicationTableModel {
  rows: MedicationRow[];
  /** The weight mg/kg/day is read against (latest of the last 12 months), when there is one. */
  weight?: NormalisedValue;
  hasAzathioprine: boolean;
}

function stopReasonOf(m: MedicationExposure): string | undefined {
  const reason = m.statusReason;
  if (!reason) return undefined;
  return reason.text?.trim() || reason.codes.join(', ') || undefined;
}

function rowOf(m: MedicationExposure, asOf: IsoDate, weight: NormalisedValue | undefined): MedicationRow {
  const current = isCurrentRecord(m, asOf);
  const perKg = m.ingredient === 'azathioprine' ? mgPerKgPerDay(m.dailyDoseMg, weight) : undefined;
  const stop = m.end ?? (current ? undefined : m.lastKnown);
  const stopReason = stopReasonOf(m);
  return {
    ref: m.ref,
    ingredient: m.ingredient,
    current,
    status: m.status,
    ...(m.dailyDoseMg !== undefined ? { dailyDoseMg: m.dailyDoseMg } : {}),
    ...(m.doseText ? { doseText: m.doseText } : {}),
    ...(perKg !== undefined ? { mgPerKgPerDay: perKg, belowTarget: perKg < AZA_TARGET_MG_PER_KG } : {}),
    ...(m.start ? { start: m.start.slice(0, 10) } : {}),
    ...(stop ? { stop: stop.slice(0, 10), stopIsLastKnown: m.end === undefined } : {}),
    ...(stopReason ? { stopReason } : {}),
  };
}

export function medicationTable(
  medications: readonly MedicationExposure[],
  values: readonly NormalisedValue[],
  asOf: IsoDate,
): MedicationTableModel {
  const weight = weightForDosing(values, asOf);
  const rows = medications
    .filter((m) => AIH_MEDICATIONS.has(m.ingredient) && isExposure(m))
    .map((m) => rowOf(m, asOf, weight))
    // Current first, then the most recently started.
    .sort((a, b) => Number(b.current) - Number(a.current) || compareText(b.start ?? '', a.start ?? ''));
  return {
    rows,
    ...(weight ? { weight } : {}),
    hasAzathioprine: rows.some((row) => row.ingredient === 'azathioprine'),
  };
}
