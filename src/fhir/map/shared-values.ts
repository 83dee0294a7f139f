/**
 * Values that many mapped records repeat, kept once. A cohort of thousands of patients holds hundreds of
 * thousands of lab results whose dates, units and reference ranges are mostly the same few values; a copy
 * of each in every result was most of a cohort's memory. Bounded like the memos (emptied when full, which
 * only loses the sharing). Shared ranges are frozen: no reader may change what other results hold too.
 */
import { boundedMemo } from '../../core/memo.js';
import type { Quantity, ReferenceRange } from '../../core/types.js';

/** The first copy seen of an equal string (a date, a unit). */
export const sharedText: (text: string) => string = boundedMemo((text: string) => text, 50_000);

/** Trie nodes kept at most (emptied when full, like the memos). */
const RANGES_NODE_LIMIT = 20_000;
const NO_RANGES: readonly ReferenceRange[] = Object.freeze([]);

/**
 * One step of the trie of shared ranges: the next field's value leads to the next node, and the node
 * where a list of ranges ends holds that list. Looked up by the fields themselves, not by a key string
 * written out for each result: writing the key (numbers turned into text, six pieces joined) cost more
 * than the rest of sharing a range.
 */
interface RangeNode {
  readonly next: Map<unknown, RangeNode>;
  ranges?: readonly ReferenceRange[];
}

let root: RangeNode = { next: new Map() };
let nodeCount = 0;

/** The first copy seen of equal reference ranges, frozen. */
export function sharedRanges(ranges: readonly ReferenceRange[]): readonly ReferenceRange[] {
  if (ranges.length === 0) return NO_RANGES;
  for (const range of ranges) if (!isShareable(range)) return ranges; // kept as it is: see isShareable
  if (nodeCount >= RANGES_NODE_LIMIT) {
    root = { next: new Map() };
    nodeCount = 0;
  }
  let node = root;
  // Every field of every range, in order and each in its own step: equal paths are equal ranges (a
  // missing field is `undefined`, never equal to a value; numbers compare as numbers, -0 is excluded).
  for (const range of ranges) {
    const { low, high } = range;
    node = child(node, low?.value);
    node = child(node, low?.unit);
    node = child(node, high?.value);
    node = child(node, high?.unit);
    node = child(node, range.type);
    node = child(node, range.text);
  }
  if (node.ranges !== undefined) return node.ranges;
  const frozen = Object.freeze(ranges.map(freezeRange));
  node.ranges = frozen;
  return frozen;
}

function child(node: RangeNode, value: unknown): RangeNode {
  const known = node.next.get(value);
  if (known !== undefined) return known;
  const created: RangeNode = { next: new Map() };
  node.next.set(value, created);
  nodeCount += 1;
  return created;
}

/**
 * Ranges for an age or a sex, and -0 (which a Map takes for 0), are rare and not shared. Every other
 * field of a range is one of the trie's steps.
 */
function isShareable(range: ReferenceRange): boolean {
  if (range.appliesTo !== undefined || range.ageYears !== undefined) return false;
  return !Object.is(range.low?.value, -0) && !Object.is(range.high?.value, -0);
}

function freezeRange(range: ReferenceRange): ReferenceRange {
  const copy: ReferenceRange = { ...range };
  if (range.low) copy.low = freezeQuantity(range.low);
  if (range.high) copy.high = freezeQuantity(range.high);
  return Object.freeze(copy);
}

function freezeQuantity(quantity: Quantity): Quantity {
  return Object.freeze(
    quantity.unit === undefined ? { ...quantity } : { ...quantity, unit: sharedText(quantity.unit) },
  );
}
