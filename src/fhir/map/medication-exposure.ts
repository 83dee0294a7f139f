/** An exposure draft plus its medication concept → one MedicationExposure per AIH-relevant ingredient. */
import {
  hasNonSystemicForms,
  isNonSystemicUse,
  matchAnticoagulant,
  matchIngredients,
} from '../../core/codes.js';
import { conceptMatches } from './concept-matches.js';
import { isExposure } from '../../core/timeline.js';
import type { MedicationExposure } from '../../core/types.js';
import type { MedicationConcept } from './medication-concept.js';
import type { ExposureDraft } from './medication-use.js';
import { NOTE, type NoteSink } from './notes.js';
import { codingNames, productOf, strengthOf } from './product-identity.js';
import { dailyDoseFromSig } from './sig-dose.js';

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
  if (draft.doseText) exposure.doseText = draft.doseText;
  if (draft.replaces) exposure.replaces = draft.replaces;
  return exposure;
}

/**
 * Daily dose: structured first (§1 step 1), else the sig text (step 2) with the strength the
 * product's name gives. Sig texts that give different doses give none.
 */
function dailyDoseOf(draft: ExposureDraft, strength: number | undefined): number | undefined {
  if (draft.dailyDoseMg !== undefined) return draft.dailyDoseMg;
  if (draft.sigTexts.length === 0) return undefined;
  const doses = new Set(draft.sigTexts.map((sig) => dailyDoseFromSig(sig, strength)));
  doses.delete(undefined);
  const [dose] = [...doses];
  return doses.size === 1 ? dose : undefined;
}

/** What tells a record's route: its dosage texts, then the product's dose form, name and displays. */
function routeTextsOf(draft: ExposureDraft, concept: MedicationConcept): string[] {
  return [
    ...draft.routeTexts,
    ...concept.formTexts,
    ...(concept.text ? [concept.text] : []),
    ...codingNames(concept),
  ];
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
  const matches = conceptMatches(concept).ingredients;
  if (matches.length === 0) return [];
  for (const [code, message] of draft.notes) note(code, message);
  if (draft.excluded) {
    const names = matches.map((m) => m.ingredient).join(', ');
    note(NOTE.excludedStatus, `${draft.source} for ${names} is ${draft.excluded} and is not used`);
    return [];
  }
  const exposures: MedicationExposure[] = [];
  const strength = strengthOf(concept);
  const dailyDose = dailyDoseOf(draft, strength);
  const product = productOf(concept, strength);
  for (const match of matches) {
    // Gathered only for the ingredients whose route can make them not AIH therapy: few records are.
    const routeTexts = hasNonSystemicForms(match.ingredient) ? routeTextsOf(draft, concept) : [];
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
    if (product) exposure.product = product;
    // A product's dose belongs to its single ingredient; a combination's cannot be split.
    if (dailyDose !== undefined && matches.length === 1) exposure.dailyDoseMg = dailyDose;
    // An administration is one dose given, not a regimen: it never has a daily dose, so it is not noted.
    else if (match.ingredient === 'azathioprine' && draft.source !== 'MedicationAdministration')
      note(NOTE.doseUnknown, doseUnknownMessage(draft));
    exposures.push(exposure);
  }
  return exposures;
}

function doseUnknownMessage(draft: ExposureDraft): string {
  const written = draft.doseText ? ` ("${draft.doseText.slice(0, 80)}")` : '';
  return `The daily azathioprine dose of this ${draft.source} cannot be worked out from its dosage${written}: mg/kg/day and a dose reduction cannot be calculated from it`;
}

/**
 * A draft whose drug nothing tells: its Medication was never found and its reference has no display, or
 * it names no medication. A record of no interest to the rules (entered in error …) is not one.
 */
export function isUnknownDrug(draft: ExposureDraft): boolean {
  return isTaken(draft) && !referenceDisplay(draft);
}

/** A record that says the drug was taken or ordered: not excluded (entered in error …), not cancelled. */
function isTaken(draft: ExposureDraft): boolean {
  return draft.excluded === undefined && isExposure(draft);
}

/** The display on a medicationReference ("lisinopril 10 MG Oral Tablet"): a name for the drug too. */
function referenceDisplay(draft: ExposureDraft): string | undefined {
  const medication = draft.medication;
  return medication && 'reference' in medication ? medication.display : undefined;
}

/**
 * A concept that gives no name at all — codes without a display or text, none of them one we know — so
 * nothing tells which drug it is (a product code outside the curated table, e.g.). Taken, it is a record
 * whose drug is unknown, as one whose Medication never came.
 */
export function isNamelessConcept(concept: MedicationConcept): boolean {
  return !concept.text?.trim() && concept.codings.every((c) => !c.display?.trim());
}

/**
 * A taken record whose concept gives no name and matches none of the drugs the rules read (an AIH
 * ingredient, or a vitamin K antagonist): its drug is unknown.
 */
export function isUnnamedDrug(draft: ExposureDraft, concept: MedicationConcept): boolean {
  return (
    isTaken(draft) &&
    !referenceDisplay(draft)?.trim() &&
    isNamelessConcept(concept) &&
    matchIngredients(concept.codings, concept.text).length === 0 &&
    matchAnticoagulant(concept.codings, concept.text) === undefined
  );
}

/** A draft whose medication was never found: its display text is the last resort; else it is noted. */
export function finishUnresolved(draft: ExposureDraft, note: NoteSink): MedicationExposure[] {
  const medication = draft.medication;
  const reference = medication && 'reference' in medication ? medication.reference : undefined;
  const display = referenceDisplay(draft);
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
