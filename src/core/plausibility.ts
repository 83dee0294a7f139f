/**
 * Values no patient can have (issue: "bad numbers never make a confident card"). A result outside
 * these bounds is a transcription, unit or interface error, not a clinical finding: it is shown raw
 * with a data-quality note and never used. The bounds are deliberately generous (well beyond the
 * highest values published) so that no real result, however extreme, is ever set aside.
 */
import { CANONICAL_UNIT } from './codes.js';
import type { AnalyteId } from './types.js';

/** Upper physiological bounds in the canonical unit (codes.ts CANONICAL_UNIT), with their source. */
export const UPPER_BOUND: Record<AnalyteId, number> = {
  // Ischaemic and toxic hepatitis give the highest aminotransferases known, above 10,000 U/L at most
  // by a few times (Kwo PY et al., ACG guideline on abnormal liver chemistries, Am J Gastroenterol
  // 2017;112:18–35). 100,000 U/L is beyond any of them.
  alt: 100_000,
  ast: 100_000,
  // Monoclonal IgG in myeloma rarely exceeds 100 g/L (Kyle RA et al., 1027 patients, Mayo Clin Proc
  // 2003;78:21–33); total serum protein itself seldom passes 150 g/L.
  igg: 200,
  // Measured GFR with glomerular hyperfiltration stays below ~200 mL/min/1.73 m² (Cachat F et al.,
  // Clin J Am Soc Nephrol 2015;10:382–389).
  egfr: 400,
  // Coagulometers report INR to about 10–15; guidance for vitamin K antagonist excess stops at
  // "INR > 9" (Holbrook A et al., Chest 2012;141(2 Suppl):e152S–e184S).
  inr: 20,
  // Hyperleukocytosis is defined from 100 × 10⁹/L; the highest counts reported in leukaemia are a few
  // hundred × 10⁹/L (Ganzel C et al., Blood Rev 2012;26:117–122).
  wbc: 1_000,
  // 6-TGN above 450 is toxic and values beyond a few thousand pmol/8×10⁸ RBC are not reported;
  // 6-MMP above 5,700 is hepatotoxic and rarely passes 50,000 (Dubinsky MC et al.,
  // Gastroenterology 2000;118:705–713).
  tgn6: 20_000,
  mmp6: 200_000,
  // Therapeutic whole-blood troughs are 3–15 ng/mL; 1,000 ng/mL is far above any toxic level.
  'tacrolimus-trough': 1_000,
  // The heaviest person on record weighed about 635 kg (Guinness World Records).
  weight: 700,
};

/**
 * The least ULN a lab can give, canonical unit: reference intervals of ALT and AST start near 30 U/L
 * and of IgG near 15 g/L; a ULN of 1 is already a unit error, and one near 0 makes ×ULN meaningless.
 */
const LOWEST_ULN: Partial<Record<AnalyteId, number>> = { alt: 1, ast: 1, igg: 1 };

export type Implausibility = {
  code: 'implausible-value' | 'implausible-uln' | 'reference-range-inverted';
  why: string;
};

/** Why a result in the canonical unit cannot be real, or undefined when it can. */
export function implausibleValue(analyte: AnalyteId, value: number): Implausibility | undefined {
  if (!Number.isFinite(value)) return { code: 'implausible-value', why: 'the value is not a finite number' };
  // Every analyte here is a concentration, an activity, a count, a ratio or a mass: none is negative.
  if (value < 0) return { code: 'implausible-value', why: 'the value is negative' };
  const bound = UPPER_BOUND[analyte];
  if (value > bound)
    return {
      code: 'implausible-value',
      why: `the value is above ${bound.toLocaleString('en')} ${CANONICAL_UNIT[analyte]}, which no patient reaches`,
    };
  return undefined;
}

/** Why a ULN (canonical unit) cannot be real: not finite, ≤ 0, too small to divide by, or above any result. */
export function implausibleUln(analyte: AnalyteId, uln: number): Implausibility | undefined {
  if (!Number.isFinite(uln) || uln <= 0)
    return {
      code: 'implausible-uln',
      why: 'the upper limit of normal is zero, negative or not a number',
    };
  const lowest = LOWEST_ULN[analyte];
  if (lowest !== undefined && uln < lowest)
    return {
      code: 'implausible-uln',
      why: `the upper limit of normal is below ${lowest} ${CANONICAL_UNIT[analyte]}`,
    };
  if (uln > UPPER_BOUND[analyte])
    return { code: 'implausible-uln', why: 'the upper limit of normal is above any possible result' };
  return undefined;
}
