/**
 * Override reasons offered on every card (clinical-rules.md §8). The code system is the project's own:
 * `https://aih-navigator.org/fhir/CodeSystem/override-reason` identifies these codes in CDS Hooks
 * feedback (it is an identifier; it need not resolve). Codes never change meaning.
 */
import type { CdsOverrideReason } from '../types.js';

export const OVERRIDE_REASON_SYSTEM = 'https://aih-navigator.org/fhir/CodeSystem/override-reason';

export type OverrideReasonCode =
  | 'patient-preference'
  | 'contraindication-not-recorded'
  | 'specialist-care'
  | 'clinical-judgement'
  | 'data-incomplete';

export const OVERRIDE_REASON_DISPLAY: Readonly<Record<OverrideReasonCode, string>> = {
  'patient-preference': 'Patient preference',
  'contraindication-not-recorded': 'Contraindication not recorded here',
  'specialist-care': 'Already under specialist care',
  'clinical-judgement': 'Clinical judgement',
  'data-incomplete': 'Data incomplete or wrong',
};

/** The override reasons in display order; a fresh array per card. */
export function overrideReasons(): CdsOverrideReason[] {
  return (Object.entries(OVERRIDE_REASON_DISPLAY) as [OverrideReasonCode, string][]).map(
    ([code, display]) => ({
      system: OVERRIDE_REASON_SYSTEM,
      code,
      display,
    }),
  );
}

export function isOverrideReasonCode(code: string): code is OverrideReasonCode {
  return Object.prototype.hasOwnProperty.call(OVERRIDE_REASON_DISPLAY, code);
}
