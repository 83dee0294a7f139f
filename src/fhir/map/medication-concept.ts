/**
 * What a medication record names: codings and text of its medication (inline, contained, or a
 * Medication resource with its ingredients), plus the dose form, for ingredient and route matching.
 */
import type { CodingLike } from '../../core/codes.js';
import type { CodeableConcept } from '../schemas/datatypes.js';
import type { FhirMedication } from '../schemas/medication.js';
import { resourceParsers } from '../schemas/parsers.js';
import { describeZodError } from './notes.js';
import { conceptTexts } from './route.js';

export interface MedicationConcept {
  codings: CodingLike[];
  /** Code text and ingredient texts, joined; matched by name as a last resort. */
  text?: string;
  /** Dose form texts (e.g. "ointment", "inhaler"). */
  formTexts: string[];
}

function joinTexts(texts: readonly (string | undefined)[]): string | undefined {
  const present = texts.filter((t): t is string => !!t);
  return present.length > 0 ? present.join(' / ') : undefined;
}

export function conceptFromCodeableConcept(concept: CodeableConcept): MedicationConcept {
  const result: MedicationConcept = { codings: concept.coding ?? [], formTexts: [] };
  if (concept.text) result.text = concept.text;
  return result;
}

/** A Medication counts by its own code and by each `ingredient.itemCodeableConcept`. */
export function conceptFromMedication(medication: FhirMedication): MedicationConcept {
  const items = (medication.ingredient ?? []).map((i) => i.itemCodeableConcept);
  const codings = [medication.code, ...items].flatMap((c) => c?.coding ?? []);
  const result: MedicationConcept = { codings, formTexts: conceptTexts([medication.form]) };
  const text = joinTexts([medication.code?.text, ...items.map((i) => i?.text)]);
  if (text) result.text = text;
  return result;
}

export type ReadMedication =
  { ok: true; concept: MedicationConcept; id?: string } | { ok: false; error: string };

/** A raw Medication resource as a concept, or why it could not be read. */
export function readMedication(raw: unknown): ReadMedication {
  const parsed = resourceParsers.medication.safeParse(raw);
  if (!parsed.success) return { ok: false, error: describeZodError(parsed.error) };
  const result: { ok: true; concept: MedicationConcept; id?: string } = {
    ok: true,
    concept: conceptFromMedication(parsed.data),
  };
  if (parsed.data.id) result.id = parsed.data.id;
  return result;
}

const readByResource = new WeakMap<object, ReadMedication>();

/**
 * `readMedication` of a Medication object that many records share (a cohort's Medication index hands the
 * same object to every patient's builder): read and validated once, and every record gets the same
 * concept. Keyed by the object itself, which is never changed once indexed, and held weakly.
 */
export function readSharedMedication(raw: unknown): ReadMedication {
  if (typeof raw !== 'object' || raw === null) return readMedication(raw);
  let read = readByResource.get(raw);
  if (read === undefined) {
    read = readMedication(raw);
    readByResource.set(raw, read);
  }
  return read;
}

/** The contained resource a `#id` reference points to, if any. */
export function findContained(contained: readonly unknown[] | undefined, reference: string): unknown {
  if (!reference.startsWith('#')) return undefined;
  const id = reference.slice(1);
  return (contained ?? []).find(
    (r) => typeof r === 'object' && r !== null && 'id' in r && (r as { id?: unknown }).id === id,
  );
}
