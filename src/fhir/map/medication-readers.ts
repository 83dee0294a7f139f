/** Reads each kind of medication record into the parts an exposure is built from. */
import { isExposure } from '../../core/timeline.js';
import type { MedicationSource, ResourceRef } from '../../core/types.js';
import type { CodeableConcept, Dosage } from '../schemas/datatypes.js';
import { resourceParsers } from '../schemas/parsers.js';
import {
  administrationDates,
  dispenseDates,
  requestDates,
  statementDates,
  type ExposureDates,
} from './medication-dates.js';
import { describeZodError, type NoteSink } from './notes.js';
import { normaliseReference } from './refs.js';
import { conceptTexts } from './route.js';

/** The elements every medication-use resource has. */
export interface CommonUse {
  status: string;
  medicationCodeableConcept?: CodeableConcept | undefined;
  medicationReference?: { reference?: string | undefined; display?: string | undefined } | undefined;
  contained?: unknown[] | undefined;
}

export interface UseParts {
  use: CommonUse;
  dates: ExposureDates;
  reasons: CodeableConcept[];
  dosages: Dosage[];
  /** Route texts outside `Dosage` (MedicationAdministration.dosage). */
  routeTexts: string[];
  /** Why the record is not an exposure despite a usable status. */
  excluded?: string;
  /** The MedicationRequest this one replaces (`priorPrescription`), as `MedicationRequest/id`. */
  replaces?: ResourceRef;
}

export type ReadResult = { ok: true; parts: UseParts } | { ok: false; error: string };
type Reader = (raw: unknown, note: NoteSink) => ReadResult;

/**
 * Intents that are not orders (FHIR R4): a proposal is a suggestion made without authority, an option
 * one choice of a plan definition. Neither says the drug was prescribed, so neither is an exposure.
 * `plan`, `directive` and the order intents are.
 */
export const NOT_ORDERS: ReadonlySet<string> = new Set(['proposal', 'option']);

const readRequest: Reader = (raw, note) => {
  const parsed = resourceParsers.medicationRequest.safeParse(raw);
  if (!parsed.success) return { ok: false, error: describeZodError(parsed.error) };
  const r = parsed.data;
  const parts: UseParts = {
    use: r,
    dates: requestDates(r, note),
    reasons: r.statusReason ? [r.statusReason] : [],
    dosages: r.dosageInstruction ?? [],
    routeTexts: [],
  };
  if (r.doNotPerform === true) parts.excluded = 'a "do not perform" order';
  // A status that already says "not taken" (the app's own drafts: draft + proposal) keeps its path.
  else if (r.intent !== undefined && NOT_ORDERS.has(r.intent) && isExposure({ status: r.status }))
    parts.excluded = `of intent "${r.intent}" (a suggestion, not an order)`;
  // Relative or absolute: either way the replaced order is known by `MedicationRequest/id`.
  const prior = r.priorPrescription?.reference && normaliseReference(r.priorPrescription.reference);
  if (prior?.startsWith('MedicationRequest/')) parts.replaces = prior;
  return { ok: true, parts };
};

const readStatement: Reader = (raw, note) => {
  const parsed = resourceParsers.medicationStatement.safeParse(raw);
  if (!parsed.success) return { ok: false, error: describeZodError(parsed.error) };
  const s = parsed.data;
  const dates = statementDates(s, note);
  return {
    ok: true,
    parts: { use: s, dates, reasons: s.statusReason ?? [], dosages: s.dosage ?? [], routeTexts: [] },
  };
};

const readDispense: Reader = (raw, note) => {
  const parsed = resourceParsers.medicationDispense.safeParse(raw);
  if (!parsed.success) return { ok: false, error: describeZodError(parsed.error) };
  const d = parsed.data;
  const reasons = d.statusReasonCodeableConcept ? [d.statusReasonCodeableConcept] : [];
  const dates = dispenseDates(d, note);
  return { ok: true, parts: { use: d, dates, reasons, dosages: d.dosageInstruction ?? [], routeTexts: [] } };
};

/** An administration has a single dose, not a daily regimen: no daily dose, but its route counts. */
const readAdministration: Reader = (raw, note) => {
  const parsed = resourceParsers.medicationAdministration.safeParse(raw);
  if (!parsed.success) return { ok: false, error: describeZodError(parsed.error) };
  const a = parsed.data;
  const dosage = a.dosage;
  const routeTexts = conceptTexts([dosage?.route, dosage?.site, dosage?.method]);
  if (dosage?.text) routeTexts.push(dosage.text);
  const dates = administrationDates(a, note);
  return { ok: true, parts: { use: a, dates, reasons: a.statusReason ?? [], dosages: [], routeTexts } };
};

export const MEDICATION_READERS: Record<MedicationSource, Reader> = {
  MedicationRequest: readRequest,
  MedicationStatement: readStatement,
  MedicationDispense: readDispense,
  MedicationAdministration: readAdministration,
};
