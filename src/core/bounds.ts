/**
 * Threshold tests that respect result comparators (clinical-rules.md §2): "<x" or "<=x" is only
 * known to be below x, ">x" only known to be above x. Each test answers true, false, or undefined
 * when the comparator leaves the answer open; undefined never counts as evidence either way.
 */
import type { NormalisedValue } from './types.js';

type Comparator = NormalisedValue['comparator'];

/** Is the quantity known to be strictly greater than `limit`? (`v` is the reported number on the same scale as `limit`.) */
export function isAbove(v: number, comparator: Comparator, limit: number): boolean | undefined {
  switch (comparator) {
    case undefined:
      return v > limit;
    case '>':
      return v >= limit ? true : undefined;
    case '>=':
      return v > limit ? true : undefined;
    case '<':
    case '<=':
      return v <= limit ? false : undefined;
  }
}

/** Is the quantity known to be greater than or equal to `limit`? */
export function isAtLeast(v: number, comparator: Comparator, limit: number): boolean | undefined {
  switch (comparator) {
    case undefined:
      return v >= limit;
    case '>':
    case '>=':
      return v >= limit ? true : undefined;
    case '<':
      return v <= limit ? false : undefined;
    case '<=':
      return v < limit ? false : undefined;
  }
}

/** Is the quantity known to be strictly below `limit`? */
export function isBelow(v: number, comparator: Comparator, limit: number): boolean | undefined {
  const atLeast = isAtLeast(v, comparator, limit);
  return atLeast === undefined ? undefined : !atLeast;
}

/** ×ULN tests on a normalised ALT/AST/IgG value (undefined when it has no ULN). */
export function xUlnAbove(v: NormalisedValue, k: number): boolean | undefined {
  return v.xUln === undefined ? undefined : isAbove(v.xUln, v.comparator, k);
}

export function xUlnAtLeast(v: NormalisedValue, k: number): boolean | undefined {
  return v.xUln === undefined ? undefined : isAtLeast(v.xUln, v.comparator, k);
}

/** ≤ 1.0×ULN, known for certain. */
export function isNormal(v: NormalisedValue): boolean {
  return xUlnAbove(v, 1) === false;
}

/** > 1.0×ULN, known for certain. */
export function isAboveUln(v: NormalisedValue): boolean {
  return xUlnAbove(v, 1) === true;
}
