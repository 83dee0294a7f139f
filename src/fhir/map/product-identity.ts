/**
 * What a record says about its product, to tell a renewal from a second order (rules v2 §1): the
 * product codes and the tablet strength. Compared in core/same-product.ts.
 */
import { isIngredientCode, SYSTEM } from '../../core/codes.js';
import { rxnormProduct } from '../../core/rxnorm-products.js';
import type { ProductIdentity } from '../../core/types.js';
import type { MedicationConcept } from './medication-concept.js';
import { strengthFromNames } from './product-strength.js';

/** The strength of one tablet as the product's name and code names give it. */
export function strengthOf(concept: MedicationConcept): number | undefined {
  return strengthFromNames([...(concept.text ? [concept.text] : []), ...codingNames(concept)]);
}

/**
 * The name of each coding: its display, else the RxNorm name of a listed product code (a product sent
 * as a code only still tells its form, e.g. "Topical Ointment", and its strength).
 */
export function codingNames(concept: MedicationConcept): string[] {
  const names: string[] = [];
  for (const c of concept.codings) {
    const name =
      c.display || (c.system === SYSTEM.rxnorm && c.code ? rxnormProduct(c.code)?.name : undefined);
    if (name) names.push(name);
  }
  return names;
}

/**
 * What tells this product from another (rules v2 §1: a renewal counts once): its product codes and
 * strength. Ingredient codes are left out, as they name no product. Absent when the record has neither
 * a code nor a name, which is no evidence either way.
 */
export function productOf(
  concept: MedicationConcept,
  strengthMg: number | undefined,
): ProductIdentity | undefined {
  const coded = concept.codings.filter((c) => c.code);
  if (coded.length === 0 && !concept.text?.trim()) return undefined;
  const codes = coded
    .filter((c) => !isIngredientCode(c) && !isDoseFormCode(c))
    .map((c) => `${c.system ?? ''}|${c.code}`);
  return sharedIdentity(codes, strengthMg);
}

/**
 * A listed RxNorm code whose name gives no tablet strength: a dose form of the ingredient ("Azathioprine
 * Oral Tablet"), or a product sold by concentration ("… 200 MG/ML Oral Suspension"). Like an ingredient
 * code it proves no other product: a renewal coded this way is read as the same course.
 */
function isDoseFormCode(c: MedicationConcept['codings'][number]): boolean {
  if (c.system !== SYSTEM.rxnorm || !c.code) return false;
  const name = rxnormProduct(c.code)?.name;
  return name !== undefined && strengthFromNames([name]) === undefined;
}

/** Distinct products remembered; emptied when full, which only costs a copy per record. */
const IDENTITY_LIMIT = 10_000;
const identities = new Map<string, ProductIdentity>();

/**
 * One frozen identity per distinct product, shared by every record of it: a cohort holds each
 * patient's records until the end of reading, and an export names the same few products over and over.
 */
function sharedIdentity(codes: string[], strengthMg: number | undefined): ProductIdentity {
  const key = `${strengthMg ?? ''}\n${codes.join('\n')}`;
  let identity = identities.get(key);
  if (identity === undefined) {
    const frozen = Object.freeze(codes);
    identity = Object.freeze(strengthMg !== undefined ? { codes: frozen, strengthMg } : { codes: frozen });
    if (identities.size >= IDENTITY_LIMIT) identities.clear();
    identities.set(key, identity);
  }
  return identity;
}
