/**
 * Decision identifiers (clinical-rules.md §8, rules v2). Every resource AIH Navigator proposes or
 * writes carries `identifier` {system: DECISION_IDENTIFIER_SYSTEM, value}. The value is derived from
 * the patient id, the recommendation id and the assessed regimen's start `Tline` only — not from the
 * as-of date or the card text — so the same suggestion accepted again (after a relaunch, on another
 * day, from the app or from a CDS Hooks card) is recognised and never written twice.
 *
 * One decision may propose several resources (add-allopurinol: allopurinol and the reduced
 * azathioprine order); each gets its own value, `<decision uuid>:<part>`, so a conditional create of
 * one never matches the other. `part` is the ingredient id of a drug draft, `metabolites` for the
 * metabolite ServiceRequest, or `note` for a clinical note.
 */
import type { IsoDate, RecommendationId } from './types.js';
import { deterministicUuid } from './uuid.js';

export const DECISION_IDENTIFIER_SYSTEM = 'urn:aih-navigator:decision';

/** The decision's uuid: a version-5 uuid of patient, recommendation and Tline (absent Tline: `none`). */
export function decisionUuid(patientId: string, recommendationId: RecommendationId, tLine?: IsoDate): string {
  return deterministicUuid(
    ['decision', patientId, recommendationId, tLine?.slice(0, 10) ?? 'none'].join('|'),
  );
}

/** The identifier value of one resource of a decision. */
export function decisionIdentifierValue(decision: string, part: string): string {
  return `${decision}:${part}`;
}

/** The FHIR Identifier of one resource of a decision. */
export function decisionIdentifier(decision: string, part: string): { system: string; value: string } {
  return { system: DECISION_IDENTIFIER_SYSTEM, value: decisionIdentifierValue(decision, part) };
}
