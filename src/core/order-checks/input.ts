/** What every order check reads: the drafts, the patient's record and its assessment at as-of. */
import { formatNumber } from '../card/format.js';
import { latestRecent } from '../recent.js';
import { WEIGHT_WINDOW_DAYS } from '../recommend.js';
import type {
  Assessment,
  EvidenceItem,
  IngredientId,
  IsoDate,
  NormalisedValue,
  PatientRecord,
} from '../types.js';
import type { DecidingValue, DraftMedicationOrder, UnreadableDraft } from './types.js';

export interface OrderCheckInput {
  asOf: IsoDate;
  record: PatientRecord;
  assessment: Omit<Assessment, 'card'>;
  /** The normalised lab values the assessment was made from (weight for mg/kg/day). */
  values: readonly NormalisedValue[];
  drafts: readonly DraftMedicationOrder[];
  unreadable: readonly UnreadableDraft[];
}

export function draftsOf(input: OrderCheckInput, ...ingredients: IngredientId[]): DraftMedicationOrder[] {
  return input.drafts.filter((d) => d.ingredients.some((i) => ingredients.includes(i)));
}

/** Ingredients taken at the as-of date (the timeline's "current"). */
export function isCurrent(input: OrderCheckInput, ingredient: IngredientId): boolean {
  return input.assessment.explanation.regimen.includes(ingredient);
}

/** The latest body weight within 12 months, in kg; a bound (">100 kg") gives none. */
export function latestWeight(input: OrderCheckInput): NormalisedValue | undefined {
  return latestRecent(
    input.values.filter((v) => !v.comparator),
    'weight',
    input.asOf,
    WEIGHT_WINDOW_DAYS,
  );
}

/** The assessment's evidence item recorded for a safety flag (the value that raised it). */
export function flagEvidence(input: OrderCheckInput, role: string): EvidenceItem | undefined {
  return input.assessment.evidence.find((e) => e.role === role);
}

export function evidenceValue(label: string, item: EvidenceItem): DecidingValue {
  return {
    label,
    value: `${formatNumber(item.value)} ${UNIT_TEXT[item.unit] ?? item.unit}`,
    date: item.date.slice(0, 10),
    resource: item.resource,
  };
}

/** UCUM codes as the clinic writes them. */
const UNIT_TEXT: Readonly<Record<string, string>> = {
  '10*9/L': '×10⁹/L',
  'mL/min/{1.73_m2}': 'mL/min/1.73 m²',
};

export function mg(value: number): string {
  return `${formatNumber(value)} mg/day`;
}

export function draftName(draft: DraftMedicationOrder): string {
  return draft.label;
}
