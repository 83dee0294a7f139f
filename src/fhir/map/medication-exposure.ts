/** An exposure draft plus its medication concept → one MedicationExposure per AIH-relevant ingredient. */
import { isNonSystemicUse, matchIngredients } from '../../core/codes.js';
import type { MedicationExposure } from '../../core/types.js';
import type { MedicationConcept } from './medication-concept.js';
import type { ExposureDraft } from './medication-use.js';
import { NOTE, type NoteSink } from './notes.js';

function exposureOf(
  draft: ExposureDraft,
  ingredient: MedicationExposure['ingredient'],
  matchedBy: MedicationExposure['matchedBy'],
): MedicationExposure {
  const exposure: MedicationExposure = {
    ref: draft.ref,
    source: draft.source,
    ingredient,
    matchedBy,
    status: draft.status,
  };
  if (draft.start) exposure.start = draft.start;
  if (draft.end) exposure.end = draft.end;
  if (draft.lastKnown) exposure.lastKnown = draft.lastKnown;
  if (draft.statusReason) exposure.statusReason = draft.statusReason;
  return exposure;
}

/**
 * Exposures of the ingredients the concept names. Records of other drugs give nothing and raise no
 * note; for ours the held-back notes are released, and exclusions (status, route) are noted.
 */
export function finishExposure(
  draft: ExposureDraft,
  concept: MedicationConcept,
  note: NoteSink,
): MedicationExposure[] {
  const matches = matchIngredients(concept.codings, concept.text);
  if (matches.length === 0) return [];
  for (const [code, message] of draft.notes) note(code, message);
  const names = matches.map((m) => m.ingredient).join(', ');
  if (draft.excluded) {
    note(NOTE.excludedStatus, `${draft.source} for ${names} is ${draft.excluded} and is not used`);
    return [];
  }
  const displays = concept.codings.map((c) => c.display).filter((d): d is string => !!d);
  const routeTexts = [
    ...draft.routeTexts,
    ...concept.formTexts,
    ...(concept.text ? [concept.text] : []),
    ...displays,
  ];
  const exposures: MedicationExposure[] = [];
  for (const match of matches) {
    if (isNonSystemicUse(match.ingredient, routeTexts)) {
      note(
        NOTE.nonSystemicRoute,
        `${match.ingredient} given by a non-systemic route (${routeTexts.join('; ').slice(0, 120)}); not AIH therapy`,
      );
      continue;
    }
    if (match.matchedBy === 'text') {
      note(
        NOTE.ingredientFromText,
        `${match.ingredient} recognised from the medication name only (no RxNorm/ATC code)`,
      );
    }
    const exposure = exposureOf(draft, match.ingredient, match.matchedBy);
    // A product's dose belongs to its single ingredient; a combination's cannot be split.
    if (draft.dailyDoseMg !== undefined && matches.length === 1) exposure.dailyDoseMg = draft.dailyDoseMg;
    exposures.push(exposure);
  }
  return exposures;
}

/** A draft whose medication was never found: its display text is the last resort; else it is noted. */
export function finishUnresolved(draft: ExposureDraft, note: NoteSink): MedicationExposure[] {
  const medication = draft.medication;
  const reference = medication && 'reference' in medication ? medication.reference : undefined;
  const display = medication && 'reference' in medication ? medication.display : undefined;
  if (display) {
    const concept: MedicationConcept = { codings: [], text: display, formTexts: [] };
    if (matchIngredients([], display).length === 0) return [];
    note(
      NOTE.unresolvedMedication,
      `Medication ${reference ?? ''} was not available; its display "${display}" is used`,
    );
    return finishExposure(draft, concept, note);
  }
  for (const [code, message] of draft.notes) note(code, message);
  note(
    NOTE.unresolvedMedication,
    reference
      ? `Medication ${reference} was not available, so the drug of this ${draft.source} is unknown`
      : `This ${draft.source} names no medication`,
  );
  return [];
}
