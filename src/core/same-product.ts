/**
 * Whether two records of one ingredient may name the same product (rules v2 §1: a renewal is "the same
 * product and the same daily dose"). EHRs describe one course in many ways: an order by its RxNorm
 * product, the patient's own list by a name, a dispense by NDC then RxNorm, a renewal by the ingredient
 * alone. Only a difference the records prove makes two products; anything less is one.
 */
import type { ProductIdentity } from './types.js';

/**
 * Provably different: both strengths known and unequal; or, unless both strengths are known and equal,
 * product codes of one system on both sides with none shared. A shared code in any system makes the same
 * product (a dispense's NDC beside the order's RxNorm code). Ingredient codes are not product codes, so a
 * record coded by ingredient only proves nothing; nor does the resource type.
 */
export function provablyDifferent(a: ProductIdentity, b: ProductIdentity): boolean {
  if (a.strengthMg !== undefined && b.strengthMg !== undefined) return a.strengthMg !== b.strengthMg;
  if (a.codes.some((code) => b.codes.includes(code))) return false;
  const systemsOfB = new Set(b.codes.map(systemOf));
  return a.codes.some((code) => systemsOfB.has(systemOf(code)));
}

/** How much a record says about its product: strength first, then codes (the order renewals are matched in). */
export function productEvidence(product: ProductIdentity | undefined): number {
  if (product === undefined) return 0;
  return (product.strengthMg !== undefined ? 2 : 0) + (product.codes.length > 0 ? 1 : 0);
}

function systemOf(code: string): string {
  return code.slice(0, code.indexOf('|'));
}
