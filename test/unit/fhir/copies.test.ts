import { describe, expect, it } from 'vitest';
import { mapPatientResources } from '../../../src/fhir/map.js';
import {
  PATIENT,
  RXNORM,
  condition,
  dosage,
  medicationRequest,
  observation,
  procedure,
} from './resources.js';

const map = (...resources: unknown[]) => mapPatientResources(resources, { patientId: PATIENT });
const SNOMED = 'http://snomed.info/sct';
const daily = dosage(50, 'mg', { repeat: { frequency: 1, period: 1, periodUnit: 'd' } });
const conflicts = (notes: { code: string }[]) => notes.filter((n) => n.code === 'conflicting-duplicate');

describe('one resource id received more than once', () => {
  it('identical copies of a medication record are one exposure, without a note', () => {
    const order = medicationRequest({ dosageInstruction: [daily] });
    const record = map(order, structuredClone(order));
    expect(record.medications).toHaveLength(1);
    expect(conflicts(record.dataQuality)).toEqual([]);
  });

  it('copies that differ are both kept (the cautious reading), with one note naming the resource', () => {
    const active = medicationRequest({ dosageInstruction: [daily] });
    const stopped = { ...active, status: 'stopped' };
    const record = map(active, stopped);
    expect(record.medications.map((m) => m.status)).toEqual(['active', 'stopped']);
    expect(conflicts(record.dataQuality)).toEqual([
      expect.objectContaining({
        resource: 'MedicationRequest/mr-1',
        message: expect.stringMatching(/more than once/),
      }),
    ]);
  });

  it('a combination product is not a copy of itself', () => {
    const combination = medicationRequest({
      medicationCodeableConcept: {
        coding: [
          { system: RXNORM, code: '8638' },
          { system: RXNORM, code: '1256' },
        ],
      },
    });
    const record = map(combination);
    expect(record.medications).toHaveLength(2);
    expect(conflicts(record.dataQuality)).toEqual([]);
  });

  it('differing copies of a condition or a procedure are both kept and noted', () => {
    const aih = condition({ system: SNOMED, code: '408335007' });
    const refuted = { ...aih, verificationStatus: { coding: [{ code: 'refuted' }] } };
    const transplant = procedure();
    const record = map(aih, refuted, transplant, { ...transplant, status: 'entered-in-error' });
    expect(record.conditions).toHaveLength(2);
    expect(record.procedures?.map((p) => p.status)).toEqual(['completed', 'entered-in-error']);
    expect(conflicts(record.dataQuality).map((n) => (n as { resource?: string }).resource)).toEqual([
      'Condition/cond-1',
      'Procedure/olt',
    ]);
  });

  it('lab results are left to the normaliser (both copies reach it)', () => {
    const record = map(observation(), observation({ valueQuantity: { value: 9, unit: 'U/L' } }));
    expect(record.labs).toHaveLength(2);
  });
});
