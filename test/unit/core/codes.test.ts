import { describe, expect, it } from 'vitest';
import {
  isNonSystemicUse,
  matchAnalyte,
  matchConditions,
  matchIngredients,
  SYSTEM,
} from '../../../src/core/codes.js';

describe('medication ingredients (§1)', () => {
  it('matches an RxNorm ingredient code', () => {
    expect(matchIngredients([{ system: SYSTEM.rxnorm, code: '1256' }])).toEqual([
      { ingredient: 'azathioprine', matchedBy: 'rxnorm' },
    ]);
  });
  it('matches an RxNorm product through its display, as an RxNorm match', () => {
    expect(
      matchIngredients([
        { system: SYSTEM.rxnorm, code: '197388', display: 'azathioprine 50 MG Oral Tablet' },
      ]),
    ).toEqual([{ ingredient: 'azathioprine', matchedBy: 'rxnorm' }]);
  });
  it('matches ATC codes, and free text only as a flagged last resort', () => {
    expect(matchIngredients([{ system: SYSTEM.atc, code: 'l04aa06' }])).toEqual([
      { ingredient: 'mycophenolate', matchedBy: 'atc' },
    ]);
    expect(matchIngredients([], 'Ciclosporin 25 mg capsules')).toEqual([
      { ingredient: 'cyclosporine', matchedBy: 'text' },
    ]);
  });
  it('finds every ingredient of a combination', () => {
    const ids = matchIngredients([], 'prednisolone and azathioprine').map((m) => m.ingredient);
    expect(ids.sort()).toEqual(['azathioprine', 'prednisolone']);
  });
  it('returns nothing for an unrelated drug', () => {
    expect(matchIngredients([{ system: SYSTEM.rxnorm, code: '6809', display: 'metformin' }])).toEqual([]);
  });
  it('treats topical tacrolimus and inhaled, nasal or rectal budesonide as not AIH therapy', () => {
    expect(isNonSystemicUse('tacrolimus', ['Topical route', 'ointment'])).toBe(true);
    expect(isNonSystemicUse('tacrolimus', ['Oral route'])).toBe(false);
    expect(isNonSystemicUse('budesonide', ['Respiratory tract route (qualifier value)'])).toBe(true);
    expect(isNonSystemicUse('budesonide', ['rectal foam'])).toBe(true);
    expect(isNonSystemicUse('budesonide', ['oral capsule'])).toBe(false);
    expect(isNonSystemicUse('azathioprine', ['topical'])).toBe(false);
  });
});

describe('lab analytes (§1)', () => {
  it('matches each listed LOINC, a site-mapped local code, and metabolites by text', () => {
    expect(matchAnalyte([{ system: SYSTEM.loinc, code: '77144-4' }])?.analyte).toBe('alt');
    expect(matchAnalyte([{ system: SYSTEM.loinc, code: '2465-3' }])?.analyte).toBe('igg');
    expect(matchAnalyte([{ system: 'urn:lab', code: 'ALT1' }], undefined, { 'urn:lab|ALT1': 'alt' })).toEqual(
      {
        analyte: 'alt',
        matchedBy: 'site',
      },
    );
    expect(matchAnalyte([], '6-Thioguanine nucleotides, RBC')?.analyte).toBe('tgn6');
    expect(matchAnalyte([], '6-Methylmercaptopurine')?.analyte).toBe('mmp6');
    expect(matchAnalyte([{ system: SYSTEM.loinc, code: '2345-7' }], 'Glucose')).toBeUndefined();
  });
});

describe('conditions (§1)', () => {
  it('matches SNOMED CT codes and ICD-10 codes with their subcodes, with or without the dot', () => {
    expect(matchConditions([{ system: SYSTEM.snomed, code: '408335007' }])).toEqual(['aih']);
    expect(matchConditions([{ system: SYSTEM.icd10cm, code: 'K75.4' }])).toEqual(['aih']);
    expect(matchConditions([{ system: SYSTEM.icd10cm, code: 'K7460' }])).toEqual(['cirrhosis']);
    expect(matchConditions([{ system: SYSTEM.icd10cm, code: 'K83.01' }])).toEqual(['psc']);
    expect(matchConditions([{ system: SYSTEM.icd10cm, code: 'O24.4' }])).toEqual(['pregnancy']);
    expect(matchConditions([{ system: SYSTEM.icd10cm, code: 'K76.82' }])).toEqual(['decompensation']);
    expect(matchConditions([{ system: SYSTEM.icd10cm, code: 'K76.0' }])).toEqual([]);
  });

  // A pregnancy on an Epic problem list is often coded only as supervision of pregnancy (Z34) or weeks of
  // gestation (Z3A): both mean a current pregnancy, and a missed one would let MMF be suggested.
  it.each(['Z34.90', 'Z34.01', 'Z3A.20', 'Z3A01'])('ICD-10-CM %s is pregnancy', (code) => {
    expect(matchConditions([{ system: SYSTEM.icd10cm, code }])).toEqual(['pregnancy']);
  });

  it.each(['Z33.2', 'Z30.09', 'Z39.2'])('ICD-10-CM %s (not a current pregnancy) is not pregnancy', (code) => {
    expect(matchConditions([{ system: SYSTEM.icd10cm, code }])).toEqual([]);
  });

  it.each([
    ['77386006', 'Pregnancy'],
    ['72892002', 'Normal pregnancy'],
    ['47200007', 'High risk pregnancy'],
    ['16356006', 'Multiple pregnancy'],
  ])('SNOMED CT %s (%s) is pregnancy: the curated descendants count', (code) => {
    expect(matchConditions([{ system: SYSTEM.snomed, code }])).toEqual(['pregnancy']);
  });

  it('a curated pregnancy code under another system, or an unlisted SNOMED CT code, is not pregnancy', () => {
    expect(matchConditions([{ system: SYSTEM.icd10cm, code: '72892002' }])).toEqual([]);
    expect(matchConditions([{ system: SYSTEM.snomed, code: '38341003' }])).toEqual([]);
  });
});
