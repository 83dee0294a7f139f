/** Rules v2 §1 renewals: when two records of one ingredient are provably different products. */
import { describe, expect, it } from 'vitest';
import { productEvidence, provablyDifferent } from '../../../src/core/same-product.js';

const RX = 'http://www.nlm.nih.gov/research/umls/rxnorm';
const NDC = 'http://hl7.org/fhir/sid/ndc';
const SCD_50 = `${RX}|197388`;
const SBD_50 = `${RX}|211110`;
const SCD_75 = `${RX}|359228`;

describe('provablyDifferent', () => {
  it('known strengths decide: 50 mg and 25 mg tablets differ, 50 and 50 do not', () => {
    expect(provablyDifferent({ codes: [], strengthMg: 50 }, { codes: [], strengthMg: 25 })).toBe(true);
    expect(provablyDifferent({ codes: [], strengthMg: 50 }, { codes: [], strengthMg: 50 })).toBe(false);
  });

  it('equal known strengths outweigh differing codes (generic and brand of one tablet)', () => {
    const generic = { codes: [SCD_50], strengthMg: 50 };
    expect(provablyDifferent(generic, { codes: [SBD_50], strengthMg: 50 })).toBe(false);
    expect(provablyDifferent(generic, { codes: [SCD_75], strengthMg: 75 })).toBe(true);
  });

  it('differing codes of one system prove another product while a strength is unknown', () => {
    expect(provablyDifferent({ codes: [SCD_50] }, { codes: [SCD_75] })).toBe(true);
    expect(provablyDifferent({ codes: [SCD_50], strengthMg: 50 }, { codes: [SCD_75] })).toBe(true);
    expect(provablyDifferent({ codes: [SCD_50] }, { codes: [SCD_50] })).toBe(false);
  });

  it('a code shared in any system makes one product (a dispense coded NDC, then RxNorm)', () => {
    const dispense = { codes: [`${NDC}|68382-0003-01`, SCD_50] };
    expect(provablyDifferent({ codes: [SCD_50] }, dispense)).toBe(false);
    expect(provablyDifferent({ codes: [`${NDC}|00000-0000-00`, SCD_50] }, dispense)).toBe(false);
    expect(provablyDifferent({ codes: [`${NDC}|00000-0000-00`] }, dispense)).toBe(true);
  });

  it('codes of different systems, or none (ingredient codes are not kept), prove nothing', () => {
    expect(provablyDifferent({ codes: [SCD_50] }, { codes: [`${NDC}|68382-0003-01`] })).toBe(false);
    expect(provablyDifferent({ codes: [SCD_50], strengthMg: 50 }, { codes: [] })).toBe(false);
    expect(provablyDifferent({ codes: [] }, { codes: [] })).toBe(false);
  });
});

describe('productEvidence', () => {
  it('orders a strength before codes before nothing', () => {
    const ranks = [
      productEvidence({ codes: [SCD_50], strengthMg: 50 }),
      productEvidence({ codes: [], strengthMg: 50 }),
      productEvidence({ codes: [SCD_50] }),
      productEvidence({ codes: [] }),
      productEvidence(undefined),
    ];
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(new Set(ranks.slice(0, 4)).size).toBe(4);
    expect(ranks[3]).toBe(ranks[4]);
  });
});
