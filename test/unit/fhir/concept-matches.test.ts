import { describe, expect, it } from 'vitest';
import { matchAnticoagulant, matchIngredients, SYSTEM } from '../../../src/core/codes.js';
import { conceptMatches } from '../../../src/fhir/map/concept-matches.js';
import type { MedicationConcept } from '../../../src/fhir/map/medication-concept.js';
import { readMedication, readSharedMedication } from '../../../src/fhir/map/medication-concept.js';

const ATC = SYSTEM.atc;

const CONCEPTS: MedicationConcept[] = [
  {
    codings: [{ system: SYSTEM.rxnorm, code: '197388', display: 'azathioprine 50 MG Oral Tablet' }],
    formTexts: [],
  },
  { codings: [{ system: SYSTEM.rxnorm, code: '8640' }], text: 'prednisone 5 MG', formTexts: [] },
  { codings: [{ system: ATC, code: 'l04ad02' }], formTexts: ['ointment'] },
  { codings: [], text: 'Warfarin sodium 5 mg tablet', formTexts: [] },
  { codings: [{ system: ATC, code: 'B01AA03' }], formTexts: [] },
  { codings: [{ system: 'urn:oid:1.2.3', code: 'x', display: 'mycophenolate mofetil' }], formTexts: [] },
  {
    codings: [{ system: SYSTEM.rxnorm, code: '316965', display: 'cholecalciferol 1000 UNT' }],
    formTexts: [],
  },
  { codings: [], formTexts: [] },
];

/** A copy made field by field, so nothing but the content is shared with the original. */
function copyOf(concept: MedicationConcept): MedicationConcept {
  return JSON.parse(JSON.stringify(concept)) as MedicationConcept;
}

describe('matches of a medication concept', () => {
  it('are those of the code tables', () => {
    for (const concept of CONCEPTS) {
      const matches = conceptMatches(concept);
      expect(matches.ingredients).toEqual(matchIngredients(concept.codings, concept.text));
      expect(matches.anticoagulant).toEqual(matchAnticoagulant(concept.codings, concept.text));
    }
  });

  it('are worked out once for equal concepts, and frozen', () => {
    for (const concept of CONCEPTS) {
      const first = conceptMatches(concept);
      expect(conceptMatches(copyOf(concept))).toBe(first);
      expect(Object.isFrozen(first)).toBe(true);
      expect(Object.isFrozen(first.ingredients)).toBe(true);
      first.ingredients.forEach((match) => expect(Object.isFrozen(match)).toBe(true));
    }
  });

  it('are never shared by concepts that differ in any field matching reads', () => {
    // Values moved between fields, absent against empty, one coding against two: none may share a key.
    const variants: MedicationConcept[] = [
      { codings: [{ system: 'a', code: 'b' }], formTexts: [] },
      { codings: [{ system: 'ab' }], formTexts: [] },
      { codings: [{ code: 'ab' }], formTexts: [] },
      { codings: [{ system: 'a', display: 'b' }], formTexts: [] },
      { codings: [{ system: 'a', code: 'b', display: '' }], formTexts: [] },
      { codings: [{ system: 'a' }, { code: 'b' }], formTexts: [] },
      { codings: [{ system: 'a', code: 'b' }], text: '', formTexts: [] },
      { codings: [{ code: 'b' }], text: 'a', formTexts: [] },
      { codings: [{ system: '1:a', code: 'b' }], formTexts: [] },
      { codings: [{ system: '1', code: 'a-b' }], formTexts: [] },
    ];
    const answers = variants.map((concept) => conceptMatches(concept));
    expect(new Set(answers).size).toBe(variants.length);
  });
});

describe('a Medication shared by many records', () => {
  const medication = {
    resourceType: 'Medication',
    id: 'm1',
    code: { coding: [{ system: SYSTEM.rxnorm, code: '197388', display: 'azathioprine 50 MG Oral Tablet' }] },
  };

  it('is read once per object, with the answer readMedication gives', () => {
    const read = readSharedMedication(medication);
    expect(read).toEqual(readMedication(medication));
    expect(readSharedMedication(medication)).toBe(read);
    // Another object is read on its own, even with the same content.
    expect(readSharedMedication(structuredClone(medication))).not.toBe(read);
  });

  it('keeps the reason an invalid one could not be read', () => {
    const invalid = { resourceType: 'Medication', code: { coding: 'not a list' } };
    const read = readSharedMedication(invalid);
    expect(read.ok).toBe(false);
    expect(readSharedMedication(invalid)).toBe(read);
    expect(readSharedMedication('not an object')).toEqual(readMedication('not an object'));
  });
});
