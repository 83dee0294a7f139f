/**
 * What a medication concept names (our ingredients, a vitamin K antagonist), worked out once per distinct
 * concept. An export names the same few products over and over, inline or through a Medication, and
 * matching runs a few dozen name patterns; the codings and text it reads (system, code, display, text)
 * make an exact key, so a remembered answer is only ever reused for the same input.
 */
import {
  matchAnticoagulant,
  matchIngredients,
  type AnticoagulantMatch,
  type CodingLike,
  type IngredientMatch,
} from '../../core/codes.js';
import type { MedicationConcept } from './medication-concept.js';

export interface ConceptMatches {
  readonly ingredients: readonly IngredientMatch[];
  readonly anticoagulant: AnticoagulantMatch | undefined;
}

/** Distinct concepts remembered; emptied when full, which only costs matching again. */
const LIMIT = 10_000;
const byKey = new Map<string, ConceptMatches>();
/** The concept asked about last: a record asks for its ingredients and its anticoagulant in turn. */
let last: { concept: MedicationConcept; matches: ConceptMatches } | undefined;

export function conceptMatches(concept: MedicationConcept): ConceptMatches {
  if (last?.concept === concept) return last.matches;
  const key = keyOf(concept.codings, concept.text);
  let matches = byKey.get(key);
  if (matches === undefined) {
    // Frozen: one answer is handed to every record of the same product.
    const ingredients = Object.freeze(
      matchIngredients(concept.codings, concept.text).map((match) => Object.freeze(match)),
    );
    const anticoagulant = matchAnticoagulant(concept.codings, concept.text);
    matches = Object.freeze({
      ingredients,
      anticoagulant: anticoagulant === undefined ? undefined : Object.freeze(anticoagulant),
    });
    if (byKey.size >= LIMIT) byKey.clear();
    byKey.set(key, matches);
  }
  last = { concept, matches };
  return matches;
}

/** Every value with its length in front (or `-` when absent), so no two inputs share a key. */
function keyOf(codings: readonly CodingLike[], text: string | undefined): string {
  let key = part(text);
  for (const coding of codings) key += part(coding.system) + part(coding.code) + part(coding.display);
  return key;
}

function part(value: string | undefined): string {
  return value === undefined ? '-' : `${value.length}:${value}`;
}
