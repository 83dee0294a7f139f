/**
 * What the order checks take in (the clinician's draft orders, already mapped from FHIR) and what
 * they give back (findings, each tied to a check id of docs/order-checks.md and to one draft).
 */
import type { IngredientId, ResourceRef } from '../types.js';

export type OrderCheckId =
  | 'allopurinol-with-full-dose-azathioprine'
  | 'azathioprine-increase-on-allopurinol'
  | 'mmf-or-allopurinol-in-pregnancy'
  | 'mmf-without-contraception-counselling'
  | 'budesonide-with-cirrhosis'
  | 'thiopurine-or-mmf-with-leukopenia'
  | 'tacrolimus-with-egfr-below-60'
  | 'drug-with-recorded-intolerance'
  | 'reorder-of-failed-agent'
  | 'order-check-incomplete';

export type OrderCheckSeverity = 'info' | 'warning' | 'critical';

/** A draft MedicationRequest of `context.draftOrders`, as far as the checks need it. */
export interface DraftMedicationOrder {
  /** `MedicationRequest/{id}` (the id the CDS client gave; delete suggestions name it). */
  ref: ResourceRef;
  /** The drug as the order names it (code display or text), for the card. */
  label: string;
  /** AIH-relevant ingredients the order contains (none: the order is not one the checks concern). */
  ingredients: IngredientId[];
  /** How the ingredients were recognised: a product or ingredient code, or the name only. */
  matchedBy: 'rxnorm' | 'atc' | 'text' | 'none';
  /** Daily dose in mg, when derivable and the order has a single ingredient. */
  dailyDoseMg?: number;
  /** The dosage as written, for the card. */
  doseText?: string;
}

/** A draft that could not be read well enough to check (invalid, or its drug unknown). */
export interface UnreadableDraft {
  ref: ResourceRef;
  reason: string;
}

/** One observation or record that decided a finding, shown on the card. */
export interface DecidingValue {
  label: string;
  value: string;
  date?: string;
  resource?: ResourceRef;
}

export interface CdsActionDraft {
  type: 'create' | 'delete';
  description: string;
  resource?: Record<string, unknown>;
  resourceId?: string;
}

export interface OrderSuggestion {
  label: string;
  actions: CdsActionDraft[];
}

export interface OrderFinding {
  check: OrderCheckId;
  severity: OrderCheckSeverity;
  /** The draft the finding is about (absent for findings about the whole order session). */
  draft?: ResourceRef;
  /** Card summary (< 140 characters). */
  summary: string;
  /** Sentences for the card detail: why, and what to do. */
  reasons: string[];
  deciding: DecidingValue[];
  suggestion?: OrderSuggestion;
}
