/**
 * One resource read twice (by the code and the category Observation searches) is kept once; two
 * copies of one id with different content are both kept, so the mapper can see the conflict and
 * leave both out of the decision instead of silently using whichever came first.
 * Content is compared only between copies of one `Type/id`: most resources arrive once and are never
 * serialised, and the same object met twice is one copy without comparing.
 */
import { keyOf } from './medication-references.js';

interface Copies {
  objects: unknown[];
  /** The serialised content of each kept copy, made when a second copy of the id arrives. */
  contents?: Set<string>;
}

/** The first copy of each `Type/id` and content, in order; resources without type or id all kept. */
export function uniqueCopies(resources: readonly unknown[]): unknown[] {
  const byKey = new Map<string, Copies>();
  const kept: unknown[] = [];
  for (const resource of resources) {
    const key = keyOf(resource);
    if (key === undefined) {
      kept.push(resource);
      continue;
    }
    const copies = byKey.get(key);
    if (!copies) {
      byKey.set(key, { objects: [resource] });
      kept.push(resource);
      continue;
    }
    if (copies.objects.includes(resource)) continue;
    copies.contents ??= new Set(copies.objects.map((copy) => JSON.stringify(copy)));
    const content = JSON.stringify(resource);
    if (copies.contents.has(content)) continue;
    copies.contents.add(content);
    copies.objects.push(resource);
    kept.push(resource);
  }
  return kept;
}
