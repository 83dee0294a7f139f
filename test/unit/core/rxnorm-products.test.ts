/** RxNorm product codes and brand names of our ingredients (clinical-rules.md §1). */
import { describe, expect, it } from 'vitest';
import { INGREDIENTS, SYSTEM, isNonSystemicUse, matchIngredients } from '../../../src/core/codes.js';
import { rxnormProduct, rxnormProductCodes } from '../../../src/core/rxnorm-products.js';

const rx = (code: string) => [{ system: SYSTEM.rxnorm, code }];

describe('RxNorm product table', () => {
  it('names its own ingredient in every product name, and holds no ingredient code', () => {
    const ingredientCodes = new Set(Object.values(INGREDIENTS).flatMap((i) => i.rxnorm));
    for (const code of rxnormProductCodes()) {
      const product = rxnormProduct(code)!;
      expect(INGREDIENTS[product.ingredient].names.test(product.name), product.name).toBe(true);
      expect(ingredientCodes.has(code)).toBe(false);
    }
  });

  it.each([
    ['197388', 'azathioprine'],
    ['105611', 'azathioprine'],
    ['198377', 'tacrolimus'],
    ['1664463', 'tacrolimus'],
    ['241834', 'cyclosporine'],
    ['200060', 'mycophenolate'],
    ['349208', 'sirolimus'],
    ['105585', 'methotrexate'],
  ])('a product code sent without display (%s) is %s, matched by RxNorm', (code, ingredient) => {
    expect(matchIngredients(rx(code))).toEqual([{ ingredient, matchedBy: 'rxnorm' }]);
  });

  it('an RxNorm code that is not listed names nothing, and neither does a listed code of another system', () => {
    expect(matchIngredients(rx('0000000'))).toEqual([]);
    expect(matchIngredients([{ system: 'http://hl7.org/fhir/sid/ndc', code: '197388' }])).toEqual([]);
  });

  it('lists topical tacrolimus, whose name carries the route that excludes it', () => {
    const protopic = rxnormProduct('284520')!;
    expect(protopic.ingredient).toBe('tacrolimus');
    expect(isNonSystemicUse('tacrolimus', [protopic.name])).toBe(true);
    expect(isNonSystemicUse('tacrolimus', [rxnormProduct('198377')!.name])).toBe(false);
  });
});

describe('brand names', () => {
  it.each([
    ['Deltasone 20 mg tablet', 'prednisone'],
    ['RAYOS 5 mg delayed-release tablet', 'prednisone'],
    ['Millipred 5 mg tablet', 'prednisolone'],
    ['Orapred ODT 15 mg', 'prednisolone'],
    ['Entocort EC 3 mg capsule', 'budesonide'],
    ['Uceris 9 mg tablet', 'budesonide'],
    ['Imuran 50 mg tablet', 'azathioprine'],
    ['azasan', 'azathioprine'],
    ['CellCept 500 mg', 'mycophenolate'],
    ['Myfortic 360 mg', 'mycophenolate'],
    ['Prograf 1 mg capsule', 'tacrolimus'],
    ['Envarsus XR 4 mg', 'tacrolimus'],
    ['Astagraf XL', 'tacrolimus'],
    ['Neoral 100 mg', 'cyclosporine'],
    ['Sandimmune', 'cyclosporine'],
    ['Gengraf 25 mg', 'cyclosporine'],
    ['Purixan 20 mg/mL', 'mercaptopurine'],
    ['Tabloid 40 mg', 'thioguanine'],
    ['Zyloprim 100 mg', 'allopurinol'],
    ['Aloprim', 'allopurinol'],
  ])('"%s" in text is %s, flagged text', (text, ingredient) => {
    expect(matchIngredients([], text)).toEqual([{ ingredient, matchedBy: 'text' }]);
  });

  it('a brand in an RxNorm display is matched by RxNorm, as the product display is', () => {
    expect(matchIngredients([{ system: SYSTEM.rxnorm, code: '0000000', display: 'Prograf' }])).toEqual([
      { ingredient: 'tacrolimus', matchedBy: 'rxnorm' },
    ]);
  });

  it.each(['Imuranol', 'preimuran', 'Prografx', 'Neorally', 'Restasis 0.05% eye drops', 'Pred Forte 1%'])(
    '"%s" names none of our ingredients (word boundaries; eye drops are not listed)',
    (text) => {
      expect(matchIngredients([], text)).toEqual([]);
    },
  );

  it.each([
    ['tacrolimus', 'Protopic'],
    ['budesonide', 'Pulmicort Flexhaler 180 mcg'],
    ['budesonide', 'Pulmicort Respules 0.5 mg/2 mL'],
    ['budesonide', 'Rhinocort Aqua'],
    ['budesonide', 'Symbicort 160/4.5'],
    ['budesonide', 'Uceris rectal foam'],
  ])('%s as "%s" is not AIH therapy', (ingredient, text) => {
    expect(matchIngredients([], text).map((m) => m.ingredient)).toEqual([ingredient]);
    expect(isNonSystemicUse(ingredient as 'tacrolimus' | 'budesonide', [text])).toBe(true);
  });

  it.each([
    ['tacrolimus', 'Prograf 1 mg capsule'],
    ['budesonide', 'Entocort EC 3 mg capsule'],
    ['budesonide', 'Uceris 9 mg extended-release tablet'],
  ])('%s as "%s" stays AIH therapy', (ingredient, text) => {
    expect(isNonSystemicUse(ingredient as 'tacrolimus' | 'budesonide', [text])).toBe(false);
  });
});
