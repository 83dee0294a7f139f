import { describe, expect, it } from 'vitest';
import { Cohort } from '../../../src/cli/cohort.js';
import { mapPatientResources } from '../../../src/fhir/map.js';
import { observation, PATIENT, procedure } from '../fhir/resources.js';
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

  it('maps what it routes to a patient as a builder given the same resources does', () => {
    const resources = [
      observation({ id: 'alt-1' }),
      observation({ id: 'alt-2', subject: { reference: `https://ehr.example.org/fhir/Patient/${PATIENT}` } }),
      observation({ id: 'alt-3', status: 'cancelled' }),
      observation({ id: 'bad', effectiveDateTime: 'yesterday' }),
    ];
    const cohort = new Cohort();
    for (const [index, resource] of resources.entries()) cohort.add(resource, `o.ndjson:${index + 1}`);
    const expected = mapPatientResources(resources, { patientId: PATIENT });
    expect(cohort.takeRecord(PATIENT)).toEqual(expected);
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

describe('Cohort patient ids', () => {
  const observationOf = (reference: string) => ({
    resourceType: 'Observation',
    id: 'o',
    status: 'final',
    subject: { reference },
  });

  it('refuses ids that are not FHIR ids, so two unreadable ids never become one patient', () => {
    const cohort = new Cohort();
    // Invalid UTF-8 (0xff, 0xfe) decodes to U+FFFD in both: the same text for two different patients.
    const decoded = (bytes: number[]) => Buffer.from([0x70, 0x61, 0x74, ...bytes]).toString('utf8');
    for (const id of [
      decoded([0xff]),
      decoded([0xfe]),
      '',
      ' ',
      'pat 1',
      'pat\u0000',
      'pat\u202e1',
      'x'.repeat(65),
    ]) {
      expect(cohort.add(patient(id), 'f:1').kind).toBe('invalid');
      expect(cohort.add(observationOf(`Patient/${id}`), 'f:2').kind).toBe('invalid');
    }
    expect(cohort.add(patient('pat'), 'f:3')).toEqual({ kind: 'added', patientId: 'pat' });
    expect(cohort.add(observationOf('Patient/-2-3'), 'f:4')).toEqual({ kind: 'added', patientId: '-2-3' });
    expect(cohort.add(patient('x'.repeat(64)), 'f:5').kind).toBe('added');
    expect(cohort.sortedPatientIds()).toEqual(['-2-3', 'pat', 'x'.repeat(64)]);
  });

  it('keeps Bundle urn ids and names no id in the reason', () => {
    const cohort = new Cohort();
    const urn = 'urn:uuid:0a1b2c3d-0000-4000-8000-000000000001';
    expect(cohort.add(observationOf(urn), 'f:1')).toEqual({ kind: 'added', patientId: urn });
    const outcome = cohort.add(patient('Jane Doe'), 'f:2');
    expect(outcome.kind).toBe('invalid');
    expect(JSON.stringify(outcome)).not.toContain('Jane');
  });
});
