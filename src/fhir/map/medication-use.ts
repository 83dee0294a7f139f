/**
 * MedicationRequest, MedicationStatement, MedicationDispense, MedicationAdministration → an exposure
 * draft: everything but the ingredients, which may need a Medication resource seen later.
 */
import { matchIngredients } from '../../core/codes.js';
import type { MedicationExposure, MedicationSource, ResourceRef } from '../../core/types.js';
import type { CodeableConcept, Dosage } from '../schemas/datatypes.js';
import { isExposure } from '../../core/timeline.js';
import { dailyDoseMg, structuredDoseText } from './dose.js';
import {
  conceptFromCodeableConcept,
  findContained,
  readMedication,
  type MedicationConcept,
} from './medication-concept.js';
import type { ExposureDates } from './medication-dates.js';
import { MEDICATION_READERS, NOT_ORDERS, type CommonUse, type UseParts } from './medication-readers.js';
import { lenientCodings } from './lenient-codings.js';
import { NOTE, type NoteSink } from './notes.js';
import { conceptTexts } from './route.js';

export type MedicationSourceRef = { concept: MedicationConcept } | { reference: string; display?: string };

export interface ExposureDraft extends ExposureDates {
  ref: ResourceRef;
  source: MedicationSource;
  status: string;
  statusReason?: MedicationExposure['statusReason'];
  dailyDoseMg?: number;
  /** The sig as written (dosage text or patient instruction), read for a dose once the product is known. */
  sigTexts: string[];
  /** The sig as written, or the structured dose as words. */
  doseText?: string;
  routeTexts: string[];
  medication?: MedicationSourceRef;
  /** The MedicationRequest this one replaces (its `priorPrescription`). */
  replaces?: ResourceRef;
  /** Why the record is not an exposure (entered in error, do-not-perform, a proposal); noted only if it is one of ours. */
  excluded?: string;
  /** Notes held back until the ingredients are known, so records of other drugs raise none. */
  notes: [string, string][];
}

function statusReasonOf(concepts: readonly CodeableConcept[]): MedicationExposure['statusReason'] {
  const codes = concepts.flatMap((c) =>
    (c.coding ?? []).filter((x) => x.code).map((x) => `${x.system ?? ''}|${x.code}`),
  );
  // Text and coding displays both: the core reads "adverse effect" wording from either.
  const texts = concepts.flatMap((c) => [c.text, ...(c.coding ?? []).map((x) => x.display)]);
  const text = [...new Set(texts.filter((t): t is string => !!t))].join('; ');
  if (codes.length === 0 && !text) return undefined;
  return text ? { codes, text } : { codes };
}

function medicationOf(use: CommonUse, note: NoteSink): MedicationSourceRef | undefined {
  if (use.medicationCodeableConcept)
    return { concept: conceptFromCodeableConcept(use.medicationCodeableConcept) };
  const reference = use.medicationReference?.reference;
  const display = use.medicationReference?.display;
  if (reference?.startsWith('#')) {
    const read = readMedication(findContained(use.contained, reference));
    if (read.ok) return { concept: read.concept };
    note(NOTE.unresolvedMedication, `Contained medication ${reference} could not be read: ${read.error}`);
    return display ? { reference, display } : undefined;
  }
  if (reference) return display ? { reference, display } : { reference };
  if (display) return { concept: { codings: [], text: display, formTexts: [] } };
  return undefined;
}

/**
 * Distinct sig texts, trimmed, in order: Epic repeats the one sig on every dosage component, which is not
 * a second dose. A loop rather than flatMap and a Set: this runs for every medication record.
 */
function sigTextsOf(dosages: readonly Dosage[]): string[] {
  const texts: string[] = [];
  const addText = (text: string | undefined): void => {
    const trimmed = text?.trim();
    if (trimmed && !texts.includes(trimmed)) texts.push(trimmed);
  };
  for (const dosage of dosages) {
    addText(dosage.text);
    addText(dosage.patientInstruction);
  }
  return texts;
}

/** Route, site and method of every dosage, then each dosage's text (route words hide in sigs). */
function dosageRouteTexts(dosages: readonly Dosage[]): string[] {
  const concepts: (CodeableConcept | undefined)[] = [];
  for (const dosage of dosages) concepts.push(dosage.route, dosage.site, dosage.method);
  const texts = conceptTexts(concepts);
  for (const dosage of dosages) if (dosage.text) texts.push(dosage.text);
  return texts;
}

function draftOf(
  source: MedicationSource,
  ref: ResourceRef,
  parts: UseParts,
  notes: [string, string][],
): ExposureDraft {
  const note: NoteSink = (code, message) => notes.push([code, message]);
  const { use, dosages } = parts;
  const draft: ExposureDraft = {
    ref,
    source,
    status: use.status,
    sigTexts: sigTextsOf(dosages),
    routeTexts: [],
    notes,
    ...parts.dates,
  };
  const medication = medicationOf(use, note);
  if (medication) draft.medication = medication;
  const reason = statusReasonOf(parts.reasons);
  if (reason) draft.statusReason = reason;
  const dose = dailyDoseMg(dosages);
  if (dose !== undefined) draft.dailyDoseMg = dose;
  const doseText = draft.sigTexts.join('; ') || structuredDoseText(dosages);
  if (doseText) draft.doseText = doseText;
  const routeTexts = dosageRouteTexts(dosages);
  for (const text of parts.routeTexts) routeTexts.push(text);
  draft.routeTexts = routeTexts;
  if (parts.replaces) draft.replaces = parts.replaces;
  if (use.status === 'entered-in-error') draft.excluded = 'status "entered-in-error"';
  else if (parts.excluded) draft.excluded = parts.excluded;
  return draft;
}

/** An invalid record is noted unless its inline medication plainly names none of our ingredients. */
function isPlainlyOtherDrug(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null) return false;
  const concept = (raw as { medicationCodeableConcept?: unknown }).medicationCodeableConcept;
  if (typeof concept !== 'object' || concept === null) return false;
  const { coding, text } = concept as { coding?: unknown; text?: unknown };
  // Read as the schema reads a valid coding: "RXNORM|1256" is still azathioprine.
  const safe = lenientCodings(coding);
  const name = typeof text === 'string' && text.trim() ? text : undefined;
  // Codes alone, none with a name, tell no drug: not plainly another one.
  if (name === undefined && safe.every((c) => !c.display?.trim())) return false;
  return matchIngredients(safe, name).length === 0;
}

/** An invalid record that still says it was not taken (cancelled, draft …, or a proposal): read leniently. */
function saysNotTaken(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null) return false;
  const { status, intent } = raw as { status?: unknown; intent?: unknown };
  return (
    (typeof status === 'string' && !isExposure({ status })) ||
    (typeof intent === 'string' && NOT_ORDERS.has(intent))
  );
}

export function mapMedicationUse(
  source: MedicationSource,
  raw: unknown,
  ref: ResourceRef,
  note: NoteSink,
  onUnknownDrug?: () => void,
): ExposureDraft | undefined {
  // Notes about dates are held back until the drug is known: records of other drugs raise none.
  const notes: [string, string][] = [];
  const read = MEDICATION_READERS[source](raw, (code, message) => notes.push([code, message]));
  if (read.ok) return draftOf(source, ref, read.parts, notes);
  if (!isPlainlyOtherDrug(raw)) {
    note(NOTE.invalidResource, `Invalid ${source}: ${read.error}`);
    // Unread, it may be any drug: one of ours included (unless it says it was not taken at all).
    if (!saysNotTaken(raw)) onUnknownDrug?.();
  }
  return undefined;
}
