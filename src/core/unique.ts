/**
 * The first of each key, in order. Items without a key are all kept (e.g. resources lacking a type
 * or id, which the mapper reports itself). The one de-duplication helper of every layer.
 */
export function uniqueBy<T>(items: readonly T[], key: (item: T) => string | undefined): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (k === undefined) return true;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
