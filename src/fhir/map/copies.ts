/**
 * One resource id received more than once (two pages, two searches, an export written twice).
 * Identical copies are one record. Copies that differ cannot be told apart: for medications,
 * conditions and procedures both are kept, because leaving a drug, a diagnosis or a transplant out
 * could make the answer more confident, never less; the clinician is told. (Lab results are judged
 * by the normaliser, which leaves conflicting copies out of the decision.)
 */
import type { DataQualityNote, ResourceRef } from '../../core/types.js';
import { noteFor } from './notes.js';

export const CONFLICTING_DUPLICATE = 'conflicting-duplicate';

/**
 * `items` without repeated identical copies; one note per resource whose copies differ. `part` names
 * what one resource may map to several of (the ingredients of a combination), so those are not copies.
 * Only items whose resource and part come more than once are compared by content (JSON text): nearly
 * every record comes once, and writing each one out was a measurable share of mapping a cohort.
 */
export function mergeCopies<T extends { ref: ResourceRef }>(
  items: readonly T[],
  part: (item: T) => string,
  notes: DataQualityNote[],
): T[] {
  const keys = items.map((item) => `${item.ref}|${part(item)}`);
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  const contents = new Map<string, Set<string>>();
  const kept: T[] = [];
  items.forEach((item, index) => {
    const key = keys[index] ?? '';
    if ((counts.get(key) ?? 0) < 2) {
      kept.push(item);
      return;
    }
    const content = JSON.stringify(item);
    const seen = contents.get(key) ?? new Set<string>();
    if (seen.has(content)) return;
    seen.add(content);
    contents.set(key, seen);
    kept.push(item);
  });
  const noted = new Set<ResourceRef>();
  for (const [key, seen] of contents) {
    const ref = key.slice(0, key.lastIndexOf('|'));
    if (seen.size < 2 || noted.has(ref)) continue;
    noted.add(ref);
    notes.push(
      noteFor(
        ref,
        CONFLICTING_DUPLICATE,
        `${ref} was received more than once with different content; every copy is used, which is the more cautious reading`,
      ),
    );
  }
  return kept;
}
