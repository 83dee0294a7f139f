/**
 * The order of normalised values: by date, and among results of one analyte on the same date the
 * worst last. Every "latest value" question (CBR panels, the 6-month check, qualifiers, safety flags,
 * recommendations) takes the last value of a day, so same-day conflicts never depend on input order.
 */
import type { AnalyteId, NormalisedValue } from './types.js';
import { compareText } from './compare-text.js';

/**
 * Analytes whose lower value is the one to act on: the safety flags eGFR < 60 and WBC < 3.0 (a same-day
 * conflict raises the flag), and 6-TGN, where a value ≥ 220 counts as optimised (a same-day conflict
 * leaves optimisation open rather than moving on to another drug).
 */
const LOWER_IS_WORSE: ReadonlySet<AnalyteId> = new Set(['egfr', 'wbc', 'tgn6']);

export function compareValues(a: NormalisedValue, b: NormalisedValue): number {
  if (a.date !== b.date) return compareText(a.date, b.date);
  // Analyte and reference only make the order total; across analytes it never matters.
  return compareText(a.analyte, b.analyte) || severity(a) - severity(b) || compareText(a.ref, b.ref);
}

/**
 * Series are keyed by calendar day (the time of day is not compared), so the day's worst result
 * stands for the day: the highest ×ULN for ALT/AST/IgG (conservative: a same-day raised value is
 * never hidden by a normal one). Without a ULN, the value (negated where lower is worse). For the
 * analytes without a clinical direction (weight, metabolites, INR, trough) ascending is only a
 * deterministic tie-break.
 */
function severity(v: NormalisedValue): number {
  if (v.xUln !== undefined) return v.xUln;
  return LOWER_IS_WORSE.has(v.analyte) ? -v.value : v.value;
}
