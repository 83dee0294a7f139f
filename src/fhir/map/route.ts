/** Route, site and form texts of a medication record, for recognising non-systemic use (topical, inhaled …). */
import type { CodeableConcept } from '../schemas/datatypes.js';

/** SNOMED CT and HL7 route codes, in the words `isNonSystemicUse` looks for. */
const ROUTE_WORDS: Record<string, string> = {
  '6064005': 'topical',
  '448598008': 'cutaneous',
  '45890007': 'transdermal',
  '18679011000001101': 'inhalation',
  '447694001': 'respiratory',
  '46713006': 'nasal',
  '37161004': 'rectal',
  '54485002': 'ophthalmic',
  '26643006': 'oral',
  IPINHL: 'inhalation',
  ORINHL: 'inhalation',
  NASINHL: 'nasal inhalation',
  NASINHLC: 'nasal inhalation',
  TOPICAL: 'topical',
  RECTAL: 'rectal',
  NASAL: 'nasal',
  PO: 'oral',
};

/** The texts, displays and known codes of concepts such as route, body site or dose form. */
export function conceptTexts(concepts: readonly (CodeableConcept | undefined)[]): string[] {
  const texts: string[] = [];
  for (const concept of concepts) {
    if (!concept) continue;
    if (concept.text) texts.push(concept.text);
    for (const c of concept.coding ?? []) {
      if (c.display) texts.push(c.display);
      const word = c.code ? ROUTE_WORDS[c.code] : undefined;
      if (word) texts.push(word);
    }
  }
  return texts;
}
