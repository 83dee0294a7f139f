/**
 * Rounding of reported numbers (evidence, card summary and detail, app) that never lands on or
 * crosses a decision threshold the raw value did not meet: "ALT 1.0×ULN" must not be shown for a value
 * the rules judged above the ULN.
 */

/** The ×ULN thresholds of the rules: ULN (§4 panels, loss pairs, 6 months), 1.5 (tailor-like), 2 (loss). */
export const XULN_THRESHOLDS: readonly number[] = [1, 1.5, 2];
/** Non-response is a fall of less than 50 % (§4). */
const NON_RESPONSE_FALL_PERCENT = 50;

/**
 * `x` rounded to `decimals`; when plain rounding would land on a threshold `x` is not equal to, it
 * rounds away from that threshold instead (1.0025 → 1.01, 1.4995 → 1.49, 2.004 → 2.01). Thresholds
 * that lie on the rounding grid can only be landed on, never crossed, so this is the one guard needed.
 */
export function roundAvoiding(x: number, decimals: number, thresholds: readonly number[]): number {
  const scale = 10 ** decimals;
  const rounded = Math.round(x * scale) / scale;
  const landed = thresholds.find((t) => rounded === t && x !== t);
  if (landed === undefined) return rounded;
  // x is within half a step of the threshold: the next grid point on x's side is one step away.
  const step = Math.round(landed * scale);
  return (x > landed ? step + 1 : step - 1) / scale;
}

/** A reported ×ULN (evidence: 2 decimals). */
export function reportXUln(xUln: number, decimals = 2): number {
  return roundAvoiding(xUln, decimals, XULN_THRESHOLDS);
}

/**
 * A reported fall from baseline in whole percent: a fall short of the 50 % of non-response never
 * shows as "fell 50%" (49.75 % → 49).
 */
export function reportFallPercent(fraction: number): number {
  return roundAvoiding(fraction * 100, 0, [NON_RESPONSE_FALL_PERCENT]);
}
