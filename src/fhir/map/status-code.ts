/**
 * The clinical or verification status of a Condition or AllergyIntolerance as the core compares it: the
 * HL7 code first (condition-clinical, condition-ver-status, allergyintolerance-clinical/-verification),
 * else any coding's code or display, else the text, that is a status word, lower-cased ("Active" from a
 * SNOMED CT coding's display, or text, is "active"). A status that names no such word is not known, so
 * the condition counts as one without a status: a local code "A" must not make AIH, PBC or a transplant
 * silently drop out.
 */
import type { CodeableConcept } from '../schemas/datatypes.js';

const HL7_CODE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/';

const STATUS_WORDS: ReadonlySet<string> = new Set([
  ...['active', 'recurrence', 'relapse', 'inactive', 'remission', 'resolved'],
  ...['confirmed', 'unconfirmed', 'provisional', 'differential', 'presumed', 'refuted', 'entered-in-error'],
]);

export function statusCode(concept: CodeableConcept | undefined): string | undefined {
  if (!concept) return undefined;
  const codings = concept.coding ?? [];
  const hl7 = codings.filter((c) => c.system?.startsWith(HL7_CODE_SYSTEM)).map((c) => c.code);
  const candidates = [...hl7, ...codings.map((c) => c.code), ...codings.map((c) => c.display), concept.text];
  for (const candidate of candidates) {
    const word = candidate?.trim().toLowerCase();
    if (word && STATUS_WORDS.has(word)) return word;
  }
  return undefined;
}
