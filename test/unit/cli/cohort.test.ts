import { describe, expect, it } from 'vitest';
import { Cohort } from '../../../src/cli/cohort.js';
import { procedure } from '../fhir/resources.js';
import { patient, prednisoneByReference, prednisoneMedication } from './resources.js';

const localAlt = {
  resourceType: 'Observation',
  id: 'local-alt',
  status: 'final',
  code: { coding: [{ system: 'http://lab.example.org/codes', code: 'ALT-1' }], text: 'Leberwert 1' },
  subject: { reference: 'Patient/c1' },
  effectiveDateTime: '2025-01-10',
  valueQuantity: { value: 80, unit: 'U/L', system: 'http://unitsofmeasure.org', code: 'U/L' },
};

describe('Cohort', () => {
  it('maps local lab codes through the site code map', () => {
    const withMap = new Cohort({ 'http://lab.example.org/codes|ALT-1': 'alt' });
    const without = new Cohort();
    for (const cohort of [withMap, without]) cohort.add(localAlt, 'x.ndjson:1');
    expect(withMap.takeRecord('c1')?.labs.map((lab) => [lab.analyte, lab.matchedBy])).toEqual([
      ['alt', 'site'],
    ]);
    expect(without.takeRecord('c1')?.labs).toEqual([]);
  });

  it('routes by patient, hands out each record once, and sorts ids by code unit', () => {
    const cohort = new Cohort();
    for (const id of ['b', 'B', 'a-2', 'a-10'])
      expect(cohort.add(patient(id), 'p')).toEqual({ kind: 'added', patientId: id });
    expect(cohort.sortedPatientIds()).toEqual(['B', 'a-10', 'a-2', 'b']);
    expect(cohort.takeRecord('b')?.patientId).toBe('b');
    expect(cohort.takeRecord('b')).toBeUndefined();
    expect(cohort.patientCount).toBe(3);
  });

  it('routes a Procedure to its patient and maps a liver transplant (rules v2)', () => {
    const cohort = new Cohort();
    const transplant = procedure({
      id: 'olt-1',
      subject: { reference: 'Patient/t1' },
      code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '47135' }] },
      performedDateTime: '2019-05-01',
    });
    expect(cohort.add(transplant, 'Procedure.ndjson:1')).toEqual({ kind: 'added', patientId: 't1' });
    expect(cohort.takeRecord('t1')?.procedures).toEqual([
      { ref: 'Procedure/olt-1', condition: 'liver-transplant', status: 'completed', performed: '2019-05-01' },
    ]);
  });

  it('resolves Medication references whichever comes first', () => {
    const cohort = new Cohort();
    expect(cohort.add(prednisoneByReference('m1', 'r1', '2025-01-01'), 'f:1')).toEqual({
      kind: 'added',
      patientId: 'r1',
    });
    expect(cohort.add(prednisoneMedication, 'f:2')).toEqual({ kind: 'medication' });
    expect(cohort.add(prednisoneByReference('m2', 'r2', '2025-01-01'), 'f:3')).toEqual({
      kind: 'added',
      patientId: 'r2',
    });
    for (const id of ['r1', 'r2']) {
      expect(cohort.takeRecord(id)?.medications.map((m) => m.ingredient)).toEqual(['prednisone']);
    }
  });

  it('says what it did with resources it does not map', () => {
    const cohort = new Cohort();
    expect(cohort.add({ resourceType: 'Encounter', subject: { reference: 'Patient/x' } }, 'f:1')).toEqual({
      kind: 'ignored-type',
      resourceType: 'Encounter',
    });
    expect(cohort.add({ resourceType: 'OperationOutcome', issue: [] }, 'f:2')).toEqual({
      kind: 'server-message',
    });
    expect(cohort.add('text', 'f:3')).toEqual({
      kind: 'invalid',
      reason: 'not a FHIR resource (no resourceType)',
    });
    expect(cohort.patientCount).toBe(0);
  });
});
