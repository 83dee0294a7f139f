/**
 * The decision identifier of every resource a decision writes (clinical-rules.md §8). The card's
 * action resources carry theirs (`<decision uuid>:<part>`); the note of a decision gets
 * `<decision uuid>:note`. The same decision accepted again, after a relaunch or on another device,
 * therefore carries the same identifiers and is found instead of written twice.
 */
import { DECISION_IDENTIFIER_SYSTEM, decisionIdentifier } from '../../core/decision-id.js';
import type { Assessment, CdsSuggestion } from '../../core/types.js';
import { deterministicUuid } from '../../core/uuid.js';

export interface DecisionIdentifier {
  system: string;
  value: string;
}

function ownIdentifier(resource: Record<string, unknown>): DecisionIdentifier | undefined {
  const ids = Array.isArray(resource.identifier) ? (resource.identifier as unknown[]) : [];
  for (const id of ids) {
    if (typeof id !== 'object' || id === null) continue;
    const { system, value } = id as { system?: unknown; value?: unknown };
    if (system === DECISION_IDENTIFIER_SYSTEM && typeof value === 'string' && value.includes(':')) {
      return { system, value };
    }
  }
  return undefined;
}

/**
 * The decision uuid of a suggestion: from its first action resource's identifier. A card without
 * identifiers (rules v1) gets one derived from patient and suggestion label, which are stable across
 * launches of the same card; never from the card uuid, which changes with the as-of date.
 */
export function suggestionDecisionUuid(patientId: string, suggestion: CdsSuggestion): string {
  for (const action of suggestion.actions) {
    const found = action.resource ? ownIdentifier(action.resource) : undefined;
    if (found) return found.value.slice(0, found.value.lastIndexOf(':'));
  }
  return deterministicUuid(['decision', patientId, suggestion.label].join('|'));
}

/** The identifier of one action resource: its own, else `<decision uuid>:<n>` by position. */
export function actionIdentifier(
  patientId: string,
  suggestion: CdsSuggestion,
  resource: Record<string, unknown>,
  index: number,
): DecisionIdentifier {
  return (
    ownIdentifier(resource) ??
    decisionIdentifier(suggestionDecisionUuid(patientId, suggestion), `action-${index + 1}`)
  );
}

/** The note written for an accepted suggestion. */
export function acceptNoteIdentifier(patientId: string, suggestion: CdsSuggestion): DecisionIdentifier {
  return decisionIdentifier(suggestionDecisionUuid(patientId, suggestion), 'note');
}

/**
 * The note of an override: one per patient, regimen and reason. The regimen is named by the first
 * suggestion's decision uuid (it digests `Tline`); a card without suggestions by its state and date.
 */
export function overrideNoteIdentifier(assessment: Assessment, reasonCode: string): DecisionIdentifier {
  const first = assessment.card.suggestions?.[0];
  const regimen = first
    ? suggestionDecisionUuid(assessment.patientId, first)
    : `${assessment.response}|${assessment.asOf}`;
  const uuid = deterministicUuid(['override', assessment.patientId, regimen, reasonCode].join('|'));
  return decisionIdentifier(uuid, 'note');
}

export function identifierToken(id: DecisionIdentifier): string {
  return `${id.system}|${id.value}`;
}

export function carriesIdentifier(resource: unknown, id: DecisionIdentifier): boolean {
  const ids = (resource as { identifier?: unknown } | null)?.identifier;
  return (
    Array.isArray(ids) &&
    ids.some(
      (candidate: { system?: unknown; value?: unknown } | null) =>
        candidate?.system === id.system && candidate.value === id.value,
    )
  );
}
