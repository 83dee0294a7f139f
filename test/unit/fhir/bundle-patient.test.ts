import { describe, expect, it } from 'vitest';
import { flattenBundle, mapPatientResources, patientIdOf } from '../../../src/fhir/map.js';
import { PATIENT, observation } from './resources.js';

const outcome = (code: string, text: string) => ({
  resourceType: 'OperationOutcome',
  issue: [
    {
      severity: 'warning',
      code: 'informational',
      details: {
        coding: [{ system: 'urn:oid:1.2.840.114350.1.13.0.1.7.2.657369', code, display: text }],
        text,
      },
    },
  ],
});

describe('patientIdOf', () => {
  it.each([
    [{ resourceType: 'Patient', id: 'p9' }, 'p9'],
    [{ resourceType: 'Observation', subject: { reference: 'Patient/p9' } }, 'p9'],
    [
      { resourceType: 'Observation', subject: { reference: 'https://ehr.example.org/fhir/Patient/p9' } },
      'p9',
    ],
    [{ resourceType: 'Observation', subject: { reference: 'Patient/p9/_history/3' } }, 'p9'],
    [{ resourceType: 'AllergyIntolerance', patient: { reference: 'Patient/p9' } }, 'p9'],
    [{ resourceType: 'Condition', subject: { reference: 'urn:uuid:4a1c' } }, 'urn:uuid:4a1c'],
    [{ resourceType: 'Observation', subject: { reference: 'Group/g1' } }, undefined],
    [{ resourceType: 'Observation' }, undefined],
    [null, undefined],
    ['Patient/p9', undefined],
  ])('%j → %s', (resource, expected) => {
    expect(patientIdOf(resource)).toBe(expected);
  });
});

describe('flattenBundle', () => {
  it('returns resources, turns outcome entries into notes, and gives the next page', () => {
    const flat = flattenBundle({
      resourceType: 'Bundle',
      type: 'searchset',
      link: [
        { relation: 'self', url: 'https://ehr.example.org/fhir/Observation?patient=pt-1' },
        { relation: 'next', url: 'https://ehr.example.org/fhir/Observation?page=2' },
      ],
      entry: [
        {
          fullUrl: 'https://ehr.example.org/fhir/Observation/alt-1',
          resource: observation(),
          search: { mode: 'match' },
        },
        {
          resource: outcome('4119', 'This response may not contain the entire record.'),
          search: { mode: 'outcome' },
        },
      ],
    });
    expect(flat.resources).toEqual([observation()]);
    expect(flat.nextUrl).toBe('https://ehr.example.org/fhir/Observation?page=2');
    expect(flat.notes).toEqual([
      { code: 'server-outcome', message: 'warning (4119): This response may not contain the entire record.' },
    ]);
  });

  it('opens nested Bundles and reads batch-response outcomes', () => {
    const flat = flattenBundle({
      resourceType: 'Bundle',
      type: 'batch-response',
      entry: [
        {
          resource: { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: observation() }] },
          response: { status: '200 OK' },
        },
        { response: { status: '403 Forbidden', outcome: outcome('4130', 'Break-the-glass required') } },
      ],
    });
    expect(flat.resources).toHaveLength(1);
    expect(flat.notes.map((n) => n.message)).toEqual([
      'warning (4130): Break-the-glass required',
      'Bundle entry 1: status 403 Forbidden',
    ]);
  });

  it('notes an invalid Bundle instead of throwing', () => {
    const flat = flattenBundle({ resourceType: 'Bundle', entry: 'nope' });
    expect(flat.resources).toEqual([]);
    expect(flat.notes[0]?.code).toBe('invalid-resource');
    expect(flattenBundle(undefined).notes[0]?.code).toBe('invalid-resource');
  });
});

describe('mapPatientResources', () => {
  it('reads the Patient, opening Bundles among the resources', () => {
    const record = mapPatientResources([
      {
        resourceType: 'Bundle',
        type: 'searchset',
        entry: [
          { resource: { resourceType: 'Patient', id: PATIENT, gender: 'female', birthDate: '1986-07-14' } },
        ],
      },
      observation(),
    ]);
    expect(record).toMatchObject({ patientId: PATIENT, gender: 'female', birthDate: '1986-07-14' });
    expect(record.labs).toHaveLength(1);
  });

  it('notes and leaves out resources of another patient', () => {
    const record = mapPatientResources(
      [
        observation(),
        observation({ id: 'alt-2', subject: { reference: 'Patient/someone-else' } }),
        { resourceType: 'Patient', id: 'someone-else' },
      ],
      { patientId: PATIENT },
    );
    expect(record.labs.map((l) => l.ref)).toEqual(['Observation/alt-1']);
    expect(record.dataQuality.map((n) => [n.code, n.resource])).toEqual([
      ['other-patient', 'Observation/alt-2'],
      ['other-patient', 'Patient/someone-else'],
    ]);
  });

  it('tells patients apart by urn:uuid fullUrls in a collection Bundle', () => {
    const record = mapPatientResources(
      [
        {
          resourceType: 'Bundle',
          type: 'collection',
          entry: [
            { fullUrl: 'urn:uuid:aaa', resource: { resourceType: 'Patient', id: PATIENT } },
            { fullUrl: 'urn:uuid:bbb', resource: { resourceType: 'Patient', id: 'other' } },
            { resource: observation({ id: 'mine', subject: { reference: 'urn:uuid:aaa' } }) },
            { resource: observation({ id: 'theirs', subject: { reference: 'urn:uuid:bbb' } }) },
          ],
        },
      ],
      { patientId: PATIENT },
    );
    expect(record.labs.map((l) => l.ref)).toEqual(['Observation/mine']);
    expect(record.dataQuality.map((n) => n.resource)).toEqual(['Patient/other', 'Observation/theirs']);
  });

  it('turns OperationOutcome resources into server-outcome notes, never data', () => {
    const record = mapPatientResources([outcome('4101', 'Resource request returns no results.')], {
      patientId: PATIENT,
    });
    expect(record.dataQuality).toEqual([
      expect.objectContaining({
        code: 'server-outcome',
        message: 'warning (4101): Resource request returns no results.',
      }),
    ]);
  });

  it('notes inputs that are not resources, and invalid Patients', () => {
    const record = mapPatientResources(
      [42, { id: 'x' }, { resourceType: 'Patient', id: PATIENT, birthDate: '14/07/1986' }],
      {
        patientId: PATIENT,
      },
    );
    expect(record.dataQuality.map((n) => n.code)).toEqual([
      'invalid-resource',
      'invalid-resource',
      'invalid-resource',
    ]);
    expect(record.dataQuality[2]?.message).toContain('birthDate');
  });

  it('carries load gaps and keeps duplicates for the core to merge', () => {
    const record = mapPatientResources([observation(), observation()], {
      patientId: PATIENT,
      gaps: [{ resourceType: 'MedicationStatement', reason: '404 not supported' }],
    });
    expect(record.labs).toHaveLength(2);
    expect(record.gaps).toEqual([{ resourceType: 'MedicationStatement', reason: '404 not supported' }]);
  });

  it('ignores resource types the app does not read', () => {
    const record = mapPatientResources([{ resourceType: 'Encounter', id: 'e1', status: 'finished' }], {
      patientId: PATIENT,
    });
    expect(record.dataQuality).toEqual([]);
  });
});
