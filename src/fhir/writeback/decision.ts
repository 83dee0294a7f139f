/**
 * The clinician's decision on a card, and the stable key that identifies it: the key goes into the
 * written resource's identifier, so a retry can find an earlier write instead of repeating it.
 */
import type { Assessment, CdsSuggestion } from '../../core/types.js';

export type Decision =
  { kind: 'accept'; suggestionUuid: string } | { kind: 'override'; reasonCode: string; comment?: string };

/** The project's own identifier system for written decisions (an identifier; it need not resolve). */
export const DECISION_IDENTIFIER_SYSTEM = 'https://aih-navigator.org/fhir/decision';

export type WritebackErrorKind =
  'unknown-suggestion' | 'relaunch-required' | 'scope-missing' | 'rejected' | 'unconfirmed';

export class WritebackError extends Error {
  readonly kind: WritebackErrorKind;
  readonly status: number | 'error' | undefined;

  constructor(kind: WritebackErrorKind, message: string, status?: number | 'error') {
    super(message);
    this.name = 'WritebackError';
    this.kind = kind;
    this.status = status;
  }
}

export function decisionKey(assessment: Assessment, decision: Decision): string {
  const choice = decision.kind === 'accept' ? decision.suggestionUuid : decision.reasonCode;
  return `${assessment.card.uuid}.${decision.kind}.${choice}`;
}

export function acceptedSuggestion(assessment: Assessment, suggestionUuid: string): CdsSuggestion {
  const suggestion = assessment.card.suggestions?.find((s) => s.uuid === suggestionUuid);
  if (!suggestion) {
    throw new WritebackError(
      'unknown-suggestion',
      'The accepted suggestion is not on this assessment’s card. Reload the assessment and choose again.',
    );
  }
  return suggestion;
}

export function overrideDisplay(assessment: Assessment, reasonCode: string): string {
  return assessment.card.overrideReasons?.find((reason) => reason.code === reasonCode)?.display ?? reasonCode;
}
