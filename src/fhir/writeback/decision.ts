/**
 * The clinician's decision on a card, and the error the write-back reports in the clinician's words.
 */
import type { Assessment, CdsSuggestion } from '../../core/types.js';

export type Decision =
  { kind: 'accept'; suggestionUuid: string } | { kind: 'override'; reasonCode: string; comment?: string };

export type WritebackErrorKind =
  'unknown-suggestion' | 'relaunch-required' | 'scope-missing' | 'rejected' | 'unconfirmed' | 'read-only';

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
