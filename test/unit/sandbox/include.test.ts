import type { Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { referencedMedicationIds, wantsMedicationInclude } from '../../../src/sandbox/fhir/include.js';

const order = (reference?: string): Resource =>
  ({
    resourceType: 'MedicationRequest',
    status: 'active',
    intent: 'order',
    subject: { reference: 'Patient/p' },
    ...(reference ? { medicationReference: { reference } } : { medicationCodeableConcept: { text: 'x' } }),
  }) as Resource;

describe('_include=MedicationRequest:medication in the sandbox', () => {
  it('is asked for alone or in a list, and only by that name', () => {
    expect(wantsMedicationInclude(new URLSearchParams('_include=MedicationRequest:medication'))).toBe(true);
    expect(
      wantsMedicationInclude(
        new URLSearchParams('_include=MedicationRequest:requester,MedicationRequest:medication'),
      ),
    ).toBe(true);
    expect(wantsMedicationInclude(new URLSearchParams('_include=MedicationRequest:requester'))).toBe(false);
    expect(wantsMedicationInclude(new URLSearchParams('status=active'))).toBe(false);
  });

  it('finds each referenced Medication once, relative or absolute, and nothing for coded orders', () => {
    const ids = referencedMedicationIds([
      order('Medication/m1'),
      order('https://ehr.example/fhir/Medication/m2'),
      order('Medication/m1'),
      order(),
      order('#contained'),
      undefined,
    ]);
    expect(ids).toEqual(['m1', 'm2']);
  });
});
