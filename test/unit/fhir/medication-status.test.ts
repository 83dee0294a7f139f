/**
 * Statuses that say a drug was never taken (MedicationAdministration not-done, MedicationDispense
 * declined or preparation) reach the core unchanged, and the core does not count them as tried.
 */
import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import { mapPatientResources } from '../../../src/fhir/map.js';
import { PATIENT, RXNORM } from './resources.js';

const TACROLIMUS = { coding: [{ system: RXNORM, code: '42316' }] };

const administration = (status: string) => ({
  resourceType: 'MedicationAdministration',
  id: `adm-${status}`,
  status,
  subject: { reference: `Patient/${PATIENT}` },
  medicationCodeableConcept: TACROLIMUS,
  effectiveDateTime: '2024-02-02T09:00:00Z',
});

const dispense = (status: string) => ({
  resourceType: 'MedicationDispense',
  id: `disp-${status}`,
  status,
  subject: { reference: `Patient/${PATIENT}` },
  medicationCodeableConcept: TACROLIMUS,
  whenHandedOver: '2024-01-31T10:00:00Z',
});

describe('never-taken medication statuses through the mapper', () => {
  it.each([
    ['MedicationAdministration', 'not-done', administration('not-done')],
    ['MedicationDispense', 'declined', dispense('declined')],
    ['MedicationDispense', 'preparation', dispense('preparation')],
  ])('%s %s is mapped with its status and is not tried', (source, status, resource) => {
    const record = mapPatientResources([resource], { patientId: PATIENT });
    expect(record.medications).toEqual([
      expect.objectContaining({ source, status, ingredient: 'tacrolimus' }),
    ]);
    expect(assess(record, { asOf: '2024-06-01' }).safetyFlags).not.toContain('prior-tacrolimus');
  });

  it.each([
    ['MedicationAdministration', administration('completed')],
    ['MedicationDispense', dispense('completed')],
  ])('a completed %s is tried: prior-tacrolimus', (_source, resource) => {
    const record = mapPatientResources([resource], { patientId: PATIENT });
    expect(assess(record, { asOf: '2024-06-01' }).safetyFlags).toContain('prior-tacrolimus');
  });
});
