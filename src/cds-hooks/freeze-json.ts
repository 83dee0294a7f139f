/**
 * Freezes a value made by `JSON.parse`, all the way down. JSON gives only plain objects, arrays and
 * primitives, so walking it needs no list of each object's keys (the general deep freeze of
 * prefetch-cache.ts builds one per object, which was most of the cost of keeping a fresh answer).
 * Children are frozen before their parent: a frozen object is frozen all the way down.
 */
export function freezeJson<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) freezeJson(item);
  } else {
    const record = value as Record<string, unknown>;
    // for…in reads the object's own members: a JSON object's prototype has no enumerable ones.
    for (const key in record) freezeJson(record[key]);
  }
  return Object.freeze(value);
}
