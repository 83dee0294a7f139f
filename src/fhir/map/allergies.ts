/** AllergyIntolerance → one IntoleranceRecord per AIH drug it names (substance code or reaction substance). */
import { matchIngredients, type IngredientMatch } from '../../core/codes.js';
import type { IntoleranceRecord, ResourceRef } from '../../core/types.js';
import type { FhirAllergyIntolerance } from '../schemas/allergy-intolerance.js';
import { resourceParsers } from '../schemas/parsers.js';
import { fullDate } from './dates.js';
import { NOTE, describeZodError, type NoteSink } from './notes.js';
import { statusCode } from './status-code.js';

function substancesOf(allergy: FhirAllergyIntolerance): IngredientMatch[] {
  const concepts = [allergy.code, ...(allergy.reaction ?? []).map((r) => r.substance)];
  const found = new Map<string, IngredientMatch>();
  for (const concept of concepts) {
    if (!concept) continue;
    for (const match of matchIngredients(concept.coding ?? [], concept.text)) {
      const known = found.get(match.ingredient);
      // A coded match anywhere beats a text match elsewhere.
      if (!known || (known.matchedBy === 'text' && match.matchedBy !== 'text'))
        found.set(match.ingredient, match);
    }
  }
  return [...found.values()];
}

function reactionText(allergy: FhirAllergyIntolerance): string | undefined {
  const texts = (allergy.reaction ?? []).flatMap((r) => [
    ...(r.manifestation ?? []).map((m) => m.text ?? m.coding?.find((c) => c.display)?.display),
    r.description,
  ]);
  const present = [...new Set(texts.filter((t): t is string => !!t))];
  return present.length > 0 ? present.join('; ') : undefined;
}

export function mapAllergyIntolerance(raw: unknown, ref: ResourceRef, note: NoteSink): IntoleranceRecord[] {
  const parsed = resourceParsers.allergyIntolerance.safeParse(raw);
  if (!parsed.success) {
    note(NOTE.invalidResource, `Invalid AllergyIntolerance: ${describeZodError(parsed.error)}`);
    return [];
  }
  const allergy = parsed.data;
  const matches = substancesOf(allergy);
  if (matches.length === 0) return [];
  const clinicalStatus = statusCode(allergy.clinicalStatus);
  const verificationStatus = statusCode(allergy.verificationStatus);
  const reaction = reactionText(allergy);
  const recorded =
    fullDate(allergy.recordedDate, 'recordedDate', note) ??
    fullDate(allergy.onsetDateTime, 'onsetDateTime', note) ??
    fullDate(allergy.onsetPeriod?.start, 'onsetPeriod.start', note);
  return matches.map((match) => {
    if (match.matchedBy === 'text') {
      note(
        NOTE.ingredientFromText,
        `Intolerance to ${match.ingredient} recognised from text only (no RxNorm/ATC code)`,
      );
    }
    // One literal of one shape for every record (absent elements stay undefined).
    return {
      ref,
      ingredient: match.ingredient,
      clinicalStatus: clinicalStatus || undefined,
      verificationStatus: verificationStatus || undefined,
      reaction: reaction || undefined,
      recorded: recorded || undefined,
    };
  });
}
