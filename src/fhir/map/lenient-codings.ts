/**
 * The codings of a CodeableConcept taken from JSON that failed (or never met) its schema, read as the
 * schema reads a valid coding (code-systems.ts, datatypes.ts): the system as its FHIR URI ("RXNORM" is
 * RxNorm), the code without padding. A field of the wrong type is absent; a coding that is no object is
 * skipped.
 */
import type { CodingLike } from '../../core/codes.js';
import { canonicalSystem } from '../schemas/code-systems.js';

export function lenientCodings(coding: unknown): CodingLike[] {
  if (!Array.isArray(coding)) return [];
  return coding.flatMap((c: unknown) => {
    if (typeof c !== 'object' || c === null) return [];
    const { system, code, display } = c as Record<string, unknown>;
    return [
      {
        system: typeof system === 'string' ? canonicalSystem(system) : undefined,
        code: typeof code === 'string' ? code.trim() : undefined,
        display: typeof display === 'string' ? display : undefined,
      },
    ];
  });
}
