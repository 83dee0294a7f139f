/**
 * Vitamin K antagonist records (clinical-rules.md §1, §7, rules v2): an exposure draft plus its
 * medication concept → an AnticoagulantExposure. They only qualify INR, so they never join the AIH
 * medications or the timeline. Records excluded by status (entered in error, not done) give nothing.
 */
import type { AnticoagulantExposure } from '../../core/types.js';
import { conceptMatches } from './concept-matches.js';
import type { MedicationConcept } from './medication-concept.js';
import type { ExposureDraft } from './medication-use.js';
import type { NoteSink } from './notes.js';

export const ANTICOAGULANT_FROM_TEXT = 'anticoagulant-from-text';

export function finishAnticoagulant(
  draft: ExposureDraft,
  concept: MedicationConcept,
  note: NoteSink,
): AnticoagulantExposure[] {
  const match = conceptMatches(concept).anticoagulant;
  if (!match || draft.excluded) return [];
  if (match.matchedBy === 'text')
    note(
      ANTICOAGULANT_FROM_TEXT,
      `${match.agent} recognised from the medication name only (no RxNorm/ATC code); used to qualify INR`,
    );
  const exposure: AnticoagulantExposure = {
    ref: draft.ref,
    source: draft.source,
    agent: match.agent,
    matchedBy: match.matchedBy,
    status: draft.status,
  };
  if (draft.start) exposure.start = draft.start;
  if (draft.end) exposure.end = draft.end;
  if (draft.lastKnown) exposure.lastKnown = draft.lastKnown;
  return [exposure];
}
