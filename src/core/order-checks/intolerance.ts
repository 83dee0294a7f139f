/**
 * Check 5 (docs/order-checks.md): a draft of a drug the patient did not tolerate (rules §5 evidence:
 * an AllergyIntolerance not refuted or entered in error, or a record stopped for an adverse
 * effect). Actionable or not: an old intolerance still matters when the drug is ordered again.
 */
import { adverseStop } from '../tolerance.js';
import type { IngredientId } from '../types.js';
import { type OrderCheckInput } from './input.js';
import type { DecidingValue, OrderFinding } from './types.js';

export function checkIntolerance(input: OrderCheckInput): OrderFinding[] {
  const intolerant = new Set(input.assessment.intolerance);
  const findings: OrderFinding[] = [];
  for (const draft of input.drafts) {
    for (const ingredient of draft.ingredients.filter((i) => intolerant.has(i))) {
      const deciding = intoleranceEvidence(input, ingredient);
      const first = deciding[0];
      findings.push({
        check: 'drug-with-recorded-intolerance',
        severity: 'warning',
        draft: draft.ref,
        summary:
          `${capitalise(ingredient)} ordered despite a recorded intolerance${first ? `: ${first.value}` : ''}`.slice(
            0,
            139,
          ),
        reasons: [
          `The record holds evidence that ${ingredient} was not tolerated (rules §5).`,
          'Confirm the intolerance is outdated or wrong before ordering it again.',
        ],
        deciding,
      });
    }
  }
  return findings;
}

function intoleranceEvidence(input: OrderCheckInput, ingredient: IngredientId): DecidingValue[] {
  const allergies: DecidingValue[] = input.record.intolerances
    .filter(
      (a) =>
        a.ingredient === ingredient &&
        a.verificationStatus !== 'refuted' &&
        a.verificationStatus !== 'entered-in-error',
    )
    .map((a) => ({
      label: 'Allergy or intolerance',
      value: a.reaction ?? `${ingredient} (no reaction recorded)`,
      ...(a.recorded ? { date: a.recorded.slice(0, 10) } : {}),
      resource: a.ref,
    }));
  const stops: DecidingValue[] = input.record.medications
    .filter((m) => m.ingredient === ingredient && adverseStop(m) !== undefined)
    .map((m) => ({
      label:
        adverseStop(m) === 'text' ? 'Stopped (reason inferred from text)' : 'Stopped for an adverse effect',
      value: m.statusReason?.text ?? m.statusReason?.codes.join(', ') ?? 'adverse effect',
      ...((m.end ?? m.lastKnown) ? { date: (m.end ?? m.lastKnown)!.slice(0, 10) } : {}),
      resource: m.ref,
    }));
  return [...allergies, ...stops].slice(0, 4);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
