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

const RANGES_LIMIT = 10_000;
const rangesByContent = new Map<string, readonly ReferenceRange[]>();
const NO_RANGES: readonly ReferenceRange[] = Object.freeze([]);

/** The first copy seen of equal reference ranges (JSON text tells every field apart), frozen. */
export function sharedRanges(ranges: readonly ReferenceRange[]): readonly ReferenceRange[] {
  if (ranges.length === 0) return NO_RANGES;
  const content = JSON.stringify(ranges);
  const known = rangesByContent.get(content);
  if (known !== undefined) return known;
  const frozen = Object.freeze(ranges.map(freezeRange));
  if (rangesByContent.size >= RANGES_LIMIT) rangesByContent.clear();
  rangesByContent.set(content, frozen);
  return frozen;
}

function freezeRange(range: ReferenceRange): ReferenceRange {
  const copy: ReferenceRange = { ...range };
  if (range.low) copy.low = freezeQuantity(range.low);
  if (range.high) copy.high = freezeQuantity(range.high);
  if (range.appliesTo) copy.appliesTo = Object.freeze([...range.appliesTo]);
  if (range.ageYears) copy.ageYears = Object.freeze({ ...range.ageYears });
  return Object.freeze(copy);
}

function freezeQuantity(quantity: Quantity): Quantity {
  return Object.freeze(
    quantity.unit === undefined ? { ...quantity } : { ...quantity, unit: sharedText(quantity.unit) },
  );
}
