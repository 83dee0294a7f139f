/**
 * The upper limit of normal of one ALT/AST/IgG result (clinical-rules.md §2), in this order:
 * `lab` (referenceRange.high of the single applicable range), `lab-text` (parsed from
 * referenceRange.text), `default` (site-configurable; IFCC/Ceriotti 2010 for ALT and AST, 16 g/L IgG).
 * The ULN is returned in the same unit as the result's value as reported, so that value/ULN needs
 * no conversion when the lab gives both.
 */
import { readRangeText } from './range-text.js';
import type { AnalyteId, ReferenceRange, SiteConfig, UlnSource } from './types.js';

export const DEFAULT_SITE_CONFIG: SiteConfig = {
  defaultUln: { altMale: 59, altFemale: 41, ast: 34, igg: 16 },
};

export interface PatientContext {
  gender?: 'male' | 'female' | 'other' | 'unknown';
  ageYears?: number;
}

export interface UlnFromRange {
  /** ULN in `unit` (the range's own unit; undefined = same as the result). */
  uln: number;
  unit?: string;
  source: Exclude<UlnSource, 'default'>;
}

export type UlnOutcome =
  { kind: 'found'; value: UlnFromRange } | { kind: 'none' } | { kind: 'ambiguous'; message: string };

function sexOf(text: string): 'male' | 'female' | undefined {
  const t = text.toLowerCase();
  if (/\b(female|women|woman)\b/.test(t)) return 'female';
  if (/\b(male|men|man)\b/.test(t)) return 'male';
  return undefined;
}

/** A range applies to the patient when its appliesTo and age (if any) match what is known of them. */
function applies(range: ReferenceRange, patient: PatientContext): boolean {
  if (range.type && !/^normal$/i.test(range.type)) return false;
  const sexes = (range.appliesTo ?? []).map(sexOf).filter((x): x is 'male' | 'female' => !!x);
  if (sexes.length > 0 && !(patient.gender === 'male' || patient.gender === 'female')) return false;
  if (sexes.length > 0 && !sexes.includes(patient.gender as 'male' | 'female')) return false;
  if (range.ageYears) {
    if (patient.ageYears === undefined) return false;
    if (range.ageYears.low !== undefined && patient.ageYears < range.ageYears.low) return false;
    if (range.ageYears.high !== undefined && patient.ageYears > range.ageYears.high) return false;
  }
  return true;
}

/** The lab's ULN for a result, from its reference ranges: `lab` first, then `lab-text`. */
export function ulnFromRanges(ranges: readonly ReferenceRange[], patient: PatientContext): UlnOutcome {
  const only = ranges.length === 1 ? ranges[0]! : undefined;
  const plain =
    only && (!only.type || /^normal$/i.test(only.type)) && !only.appliesTo?.length && !only.ageYears;
  if (plain && only.high && only.high.value > 0)
    return { kind: 'found', value: { uln: only.high.value, unit: only.high.unit, source: 'lab' } }; // the common case
  const applicable = ranges.filter((r) => applies(r, patient));
  const withHigh = applicable.filter((r) => r.high && Number.isFinite(r.high.value) && r.high.value > 0);
  const distinctHigh = new Set(withHigh.map((r) => `${r.high!.value}|${r.high!.unit ?? ''}`));
  if (distinctHigh.size === 1) {
    const high = withHigh[0]!.high!;
    return { kind: 'found', value: { uln: high.value, unit: high.unit, source: 'lab' } };
  }
  if (distinctHigh.size > 1)
    return { kind: 'ambiguous', message: 'several reference ranges apply with different upper limits' };
  // "10-40", "<40 U/L"; a text of several ranges only through the patient's sex (range-text.ts).
  const readings = applicable.flatMap((r) =>
    r.text ? [{ text: r.text, ...readRangeText(r.text, patient.gender, patient.ageYears) }] : [],
  );
  // A text that holds ranges the patient cannot be matched to is no lab ULN: said, then the default.
  const refused = readings.find((r) => r.kind === 'refused');
  if (refused?.kind === 'refused')
    return {
      kind: 'ambiguous',
      message: `the reference range text "${refused.text.slice(0, 60)}" is not used: ${refused.why}`,
    };
  const fromText = new Set(readings.flatMap((r) => (r.kind === 'high' && r.high > 0 ? [r.high] : [])));
  if (fromText.size === 1) return { kind: 'found', value: { uln: [...fromText][0]!, source: 'lab-text' } };
  if (fromText.size > 1)
    return { kind: 'ambiguous', message: 'several reference range texts apply with different upper limits' };
  return { kind: 'none' };
}

/**
 * The site default ULN in the canonical unit. For ALT with the patient's sex unknown the lower
 * (female) limit is used: it can only make a normal result look abnormal, never the reverse, so it
 * never produces an unearned complete response.
 */
export function defaultUln(
  analyte: AnalyteId,
  patient: PatientContext,
  site: SiteConfig,
): number | undefined {
  const d = site.defaultUln;
  switch (analyte) {
    case 'alt':
      return patient.gender === 'male' ? d.altMale : d.altFemale;
    case 'ast':
      return d.ast;
    case 'igg':
      return d.igg;
    default:
      return undefined;
  }
}
