/**
 * A reference range text holding ranges by sex, as sent by a lab (rules §2): read from the FHIR
 * Observation through to the ULN the core uses, for a woman, a man and a patient of unknown sex.
 */
import { describe, expect, it } from 'vitest';
import { normaliseLabs } from '../../../src/core/normalise.js';
import { mapPatientResources } from '../../../src/fhir/map.js';
import { PATIENT, observation } from './resources.js';

function ulnOf(gender: string | undefined, text: string) {
  const patient = { resourceType: 'Patient', id: PATIENT, ...(gender ? { gender } : {}) };
  const alt = observation({ valueQuantity: { value: 45, unit: 'U/L' }, referenceRange: [{ text }] });
  const record = mapPatientResources([patient, alt], { patientId: PATIENT });
  const { values, notes } = normaliseLabs(record);
  return { ...values[0], notes: notes.map((n) => n.code) };
}

describe('referenceRange.text by sex (FHIR → ULN)', () => {
  const text = '0-50 U/L (male); 0-35 U/L (female)';

  it('a woman: 35 from the lab text, so ALT 45 is above it', () => {
    expect(ulnOf('female', text)).toMatchObject({ uln: 35, ulnSource: 'lab-text', notes: [] });
  });

  it('a man: 50 from the lab text', () => {
    expect(ulnOf('male', text)).toMatchObject({ uln: 50, ulnSource: 'lab-text' });
  });

  it('sex unknown: the text is not read; the default ULN, with a note', () => {
    expect(ulnOf(undefined, text)).toMatchObject({
      uln: 41,
      ulnSource: 'default',
      notes: expect.arrayContaining(['reference-range-ambiguous']),
    });
  });

  it('a single range with a unit is read whatever the sex', () => {
    expect(ulnOf(undefined, '0-40 U/L')).toMatchObject({ uln: 40, ulnSource: 'lab-text' });
  });
});
