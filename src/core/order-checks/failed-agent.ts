/**
 * Check 6 (docs/order-checks.md): a draft of a second-line agent that already failed. Failure is
 * the assessment's `second-line-failure` on a regimen with that agent, or an earlier period of the
 * agent after which another second- or third-line agent was started (it was replaced). Information
 * only: the clinician may have good reason to try it again.
 */
import { ingredientClass } from '../codes.js';
import { dayNumber } from '../dates.js';
import { STATE_LABEL } from '../card/labels.js';
import { SECOND_LINE } from '../timeline.js';
import type { IngredientId, TreatmentPeriod } from '../types.js';
import type { OrderCheckInput } from './input.js';
import type { DecidingValue, OrderFinding } from './types.js';

export function checkFailedAgent(input: OrderCheckInput): OrderFinding[] {
  const findings: OrderFinding[] = [];
  for (const draft of input.drafts) {
    for (const ingredient of draft.ingredients.filter((i) => SECOND_LINE.has(i))) {
      const deciding = failureEvidence(input, ingredient);
      if (deciding.length === 0) continue;
      findings.push({
        check: 'reorder-of-failed-agent',
        severity: 'info',
        draft: draft.ref,
        summary: `${ingredient} was tried before and failed: ${deciding[0]!.value}`.slice(0, 139),
        reasons: [
          `${ingredient} already failed as treatment of AIH; BavenPronk-2022 and EASL-2025 move on to another agent or an expert centre.`,
        ],
        deciding,
      });
    }
  }
  return findings;
}

function failureEvidence(input: OrderCheckInput, ingredient: IngredientId): DecidingValue[] {
  const { assessment } = input;
  const evidence: DecidingValue[] = [];
  if (
    assessment.qualifiers.includes('second-line-failure') &&
    assessment.explanation.regimen.includes(ingredient)
  ) {
    evidence.push({
      label: 'Current regimen',
      value: `${STATE_LABEL[assessment.response].toLowerCase()} on ${ingredient}`,
      ...(assessment.explanation.tLine ? { date: assessment.explanation.tLine.slice(0, 10) } : {}),
    });
  }
  for (const period of assessment.periods.filter((p) => p.ingredient === ingredient && p.end)) {
    const next = replacement(assessment.periods, period);
    if (next)
      evidence.push({
        label: `${ingredient} from ${period.start.slice(0, 10)}`,
        value: `stopped ${period.end!.slice(0, 10)}, replaced by ${next.ingredient}`,
        date: next.start.slice(0, 10),
        ...(period.refs[0] ? { resource: period.refs[0] } : {}),
      });
  }
  return evidence.slice(0, 3);
}

/** The first other second- or third-line agent started on or after the period ended. */
function replacement(
  periods: readonly TreatmentPeriod[],
  ended: TreatmentPeriod,
): TreatmentPeriod | undefined {
  const end = dayNumber(ended.end)!;
  return periods
    .filter(
      (p) =>
        p.ingredient !== ended.ingredient &&
        (SECOND_LINE.has(p.ingredient) || ingredientClass(p.ingredient) === 'third-line') &&
        dayNumber(p.start)! >= end,
    )
    .sort((a, b) => dayNumber(a.start)! - dayNumber(b.start)!)[0];
}
