/**
 * Azathioprine with allopurinol (rules v2 §6 `add-allopurinol`): 25 % of the current daily dose,
 * rounded to the nearest 25 mg, at least 25 mg. The same arithmetic as the recommendation's.
 */
export const REDUCED_FRACTION = 0.25;
export const DOSE_STEP_MG = 25;
/** A replacement azathioprine order is reduced enough at ≤ 33 % of the current daily dose (issue text: "≤ 33 %", read literally, not as one third). */
export const REPLACEMENT_MAX_FRACTION = 0.33;
/** A current dose this low (mg/kg/day) already is a reduced dose. */
export const ALREADY_REDUCED_MG_PER_KG = 0.5;

/**
 * A tie (37.5 mg from 150 mg) rounds down: with allopurinol the lower dose is the cautious one.
 */
export function reducedAzathioprineDose(currentMg: number): number {
  const steps = Math.ceil((currentMg * REDUCED_FRACTION) / DOSE_STEP_MG - 0.5);
  return Math.max(DOSE_STEP_MG, steps * DOSE_STEP_MG);
}

export function isReducedEnough(replacementMg: number, currentMg: number): boolean {
  return replacementMg <= currentMg * REPLACEMENT_MAX_FRACTION;
}
