import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import type { ResponseStateId } from '../../../src/core/types.js';
import { mapPatientResources } from '../../../src/fhir/map.js';
import { createFhirStore } from '../../../src/sandbox/fhir/store.js';
import { syntheticPatients } from '../../../src/sandbox/patients/index.js';

const ALL_STATES: ResponseStateId[] = [
  'not-applicable',
  'out-of-scope',
  'untreated',
  'loss-of-response',
  'complete-biochemical-response',
  'late-response',
  'non-response',
  'too-early',
  'insufficient-response',
  'insufficient-data',
];

const today = new Date().toISOString().slice(0, 10);

describe('synthetic patients', () => {
  const patients = syntheticPatients(today);

  it('are at least twelve clearly fictional patients with distinct ids, in both EHR shapes', () => {
    expect(patients.length).toBeGreaterThanOrEqual(12);
    expect(new Set(patients.map((p) => p.id)).size).toBe(patients.length);
    for (const p of patients) {
      expect(p.name).toMatch(/Testpatient/);
      expect(p.description.length).toBeGreaterThan(20);
      expect(p.resources[0]?.resourceType).toBe('Patient');
    }
    expect(new Set(patients.map((p) => p.shape))).toEqual(new Set(['epic', 'oracle']));
    expect(
      patients
        .filter((p) => p.shape === 'epic')
        .every((p) => !p.resources.some((r) => r.resourceType === 'MedicationStatement')),
    ).toBe(true);
  });

  it('cover every response state', () => {
    expect(new Set(patients.map((p) => p.expected.response))).toEqual(new Set(ALL_STATES));
  });

  it('have unique resource ids and pass the R4 validator', async () => {
    const ids = patients.flatMap((p) => p.resources.map((r) => `${r.resourceType}/${r.id}`));
    expect(new Set(ids).size).toBe(ids.length);
    await expect(createFhirStore(patients)).resolves.toBeDefined();
  });

  it('keep their dates in the past, relative to the start date', () => {
    for (const p of patients) {
      const dates = JSON.stringify(p.resources).match(/\d{4}-\d{2}-\d{2}/g) ?? [];
      expect(dates.every((d) => d <= today)).toBe(true);
    }
  });
});

describe.each([today, '2028-02-29', '2027-01-01'])(
  'each patient gets its intended assessment (as of %s)',
  (asOf) => {
    const patients = syntheticPatients(asOf);
    it.each(patients.map((p) => [p.name, p] as const))('%s', (_name, patient) => {
      const record = mapPatientResources(patient.resources, { patientId: patient.id });
      const result = assess(record, { asOf });
      const { expected } = patient;
      expect(result.response).toBe(expected.response);
      for (const qualifier of expected.qualifiers ?? []) expect(result.qualifiers).toContain(qualifier);
      const suggested = result.recommendations.filter((r) => r.status === 'suggested').map((r) => r.id);
      const blocked = result.recommendations.filter((r) => r.status === 'blocked').map((r) => r.id);
      for (const id of expected.suggested ?? []) expect(suggested).toContain(id);
      for (const id of expected.blocked ?? []) expect(blocked).toContain(id);
      const offered = result.recommendations.map((r) => r.id);
      for (const id of expected.absent ?? []) expect(offered).not.toContain(id);
      for (const item of expected.notMissing ?? []) expect(result.missing).not.toContain(item);
      expect(record.dataQuality.filter((n) => n.code === 'invalid-resource')).toEqual([]);
    });
  },
);
