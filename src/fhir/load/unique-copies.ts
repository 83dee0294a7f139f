/**
 * One resource read twice (by the code and the category Observation searches) is kept once; two
 * copies of one id with different content are both kept, so the mapper can see the conflict and
 * leave both out of the decision instead of silently using whichever came first.
 * Content is compared only between copies of one `Type/id` (most resources arrive once), member by
 * member rather than by serialising every resource, and the same object met twice is one copy.
 */
import { keyOf } from './medication-references.js';

/** The first copy of each `Type/id` and content, in order; resources without type or id all kept. */
export function uniqueCopies(resources: readonly unknown[]): unknown[] {
  const byKey = new Map<string, unknown[]>();
  const kept: unknown[] = [];
  // Objects already met with a key: searches that share their entries hand over the very same object.
  const met = new Set<unknown>();
  for (const resource of resources) {
    if (met.has(resource)) continue;
    const key = keyOf(resource);
    if (key === undefined) {
      kept.push(resource);
      continue;
    }
    met.add(resource);
    const copies = byKey.get(key);
    if (!copies) {
      byKey.set(key, [resource]);
      kept.push(resource);
      continue;
    }
    if (copies.some((copy) => copy === resource || sameJson(copy, resource))) continue;
    copies.push(resource);
    kept.push(resource);
  }
  return kept;
}

/**
 * True when `a` and `b` serialise to the same JSON text: the same members in the same order with the
 * same values (as comparing `JSON.stringify` of each would say, without building either text).
 * Members whose value JSON leaves out (undefined, functions) are left out here too.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) if (!sameJson(jsonValue(a[i]), jsonValue(b[i]))) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const aKeys = serialisedKeys(a as Record<string, unknown>);
  const bKeys = serialisedKeys(b as Record<string, unknown>);
  if (aKeys.length !== bKeys.length) return false;
  for (let i = 0; i < aKeys.length; i += 1) {
    const key = aKeys[i] as string;
    if (key !== bKeys[i]) return false;
    if (!sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/** In an array JSON writes undefined and functions as null. */
function jsonValue(value: unknown): unknown {
  return value === undefined || typeof value === 'function' ? null : value;
}

function serialisedKeys(record: Record<string, unknown>): string[] {
  return Object.keys(record).filter((key) => {
    const value = record[key];
    return value !== undefined && typeof value !== 'function';
  });
}
