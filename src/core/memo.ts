/**
 * A bounded memo of a pure function of one key. The rules and the mapper meet the same dates and
 * references again and again; the bound keeps a long CLI run over millions of resources from
 * growing a memo without limit (it is emptied when full, which only costs recomputation).
 */
export function boundedMemo<K, V>(compute: (key: K) => V, limit: number): (key: K) => V {
  const memo = new Map<K, V>();
  return (key) => {
    const hit = memo.get(key);
    // One lookup for a remembered value; `has` only tells a remembered `undefined` from a miss.
    if (hit !== undefined || memo.has(key)) return hit as V;
    const value = compute(key);
    if (memo.size >= limit) memo.clear();
    memo.set(key, value);
    return value;
  };
}
