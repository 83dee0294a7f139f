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

/** The first copy seen of equal reference ranges, frozen. */
export function sharedRanges(ranges: readonly ReferenceRange[]): readonly ReferenceRange[] {
  if (ranges.length === 0) return NO_RANGES;
  let content = '';
  for (const range of ranges) {
    const key = rangeKey(range);
    if (key === undefined) return ranges; // kept as it is: see rangeKey
    content += key;
  }
  const known = rangesByContent.get(content);
  if (known !== undefined) return known;
  const frozen = Object.freeze(ranges.map(freezeRange));
  if (rangesByContent.size >= RANGES_LIMIT) rangesByContent.clear();
  rangesByContent.set(content, frozen);
  return frozen;
}

/**
 * Every field of a range, each written so that it ends unambiguously (a text by its length, a number by
 * a `;`, an absent field as `~`): equal keys are equal ranges. Ranges for an age or a sex, and -0 (which
 * would read as 0), are rare and not shared.
 */
function rangeKey(range: ReferenceRange): string | undefined {
  if (range.appliesTo !== undefined || range.ageYears !== undefined) return undefined;
  const { low, high } = range;
  if (Object.is(low?.value, -0) || Object.is(high?.value, -0)) return undefined;
  return (
    numberKey(low?.value) +
    textKey(low?.unit) +
    numberKey(high?.value) +
    textKey(high?.unit) +
    textKey(range.type) +
    textKey(range.text)
  );
}

function numberKey(value: number | undefined): string {
  return value === undefined ? '~' : `${value};`;
}

function textKey(text: string | undefined): string {
  return text === undefined ? '~' : `${text.length}:${text}`;
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
