import type { Bundle, MedicationRequest, Observation } from 'fhir/r4';
import { describe, expect, it } from 'vitest';
import {
  bundleSchema,
  fhirDate,
  fhirDateTime,
  medicationRequestSchema,
  observationSchema,
  operationOutcomeSchema,
  patientSchema,
} from '../../../src/fhir/schemas/index.js';

describe('FHIR date formats', () => {
  it.each(['2024', '2024-02', '2024-02-29'])('accepts the date %s', (d) =>
    expect(fhirDate.safeParse(d).success).toBe(true),
  );
  it.each(['2023-02-29', '24-02-01', '2024-13-01', '2024/02/01', '2024-02-01T10:00:00Z'])(
    'rejects the date %s',
    (d) => expect(fhirDate.safeParse(d).success).toBe(false),
  );
  it.each(['2024-02-01T10:00:00Z', '2024-02-01T10:00:00.123+05:30', '2024-02-01T10:00', '2024-02-01'])(
    'accepts the dateTime %s',
    (d) => expect(fhirDateTime.safeParse(d).success).toBe(true),
  );
  it.each(['2024-02-01 10:00', '2024-02-30T10:00:00Z', 'yesterday', '2024-02-01T25:00:00Z'])(
    'rejects the dateTime %s',
    (d) => expect(fhirDateTime.safeParse(d).success).toBe(false),
  );
});

describe('resource schemas', () => {
  it('parse @types/fhir R4 resources, keeping the elements the mapper reads and dropping the rest', () => {
    const obs: Observation = {
      resourceType: 'Observation',
      id: 'o',
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: '1742-6' }] },
      effectiveDateTime: '2024-01-01',
      valueQuantity: { value: 30, unit: 'U/L' },
      interpretation: [{ coding: [{ code: 'N' }] }],
      meta: { lastUpdated: '2024-01-02T00:00:00Z' },
    };
    const parsed = observationSchema.parse(obs);
    expect(parsed.valueQuantity).toEqual(obs.valueQuantity);
    expect(parsed.effectiveDateTime).toBe('2024-01-01');
    expect(Object.keys(parsed)).not.toContain('interpretation');
    expect(Object.keys(parsed)).not.toContain('meta');

    const request: MedicationRequest = {
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'order',
      subject: { reference: 'Patient/p' },
      medicationReference: { reference: 'Medication/m' },
      requester: { reference: 'Practitioner/x' },
    };
    const parsedRequest = medicationRequestSchema.parse(request);
    expect(parsedRequest.medicationReference).toEqual({ reference: 'Medication/m' });
    expect(Object.keys(parsedRequest)).not.toContain('requester');

    const bundle: Bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [{ resource: obs, search: { mode: 'match' } }],
    };
    expect(bundleSchema.parse(bundle).entry).toHaveLength(1);
  });

  it('are strict about the types of the elements they use', () => {
    const withStringValue = observationSchema.safeParse({
      resourceType: 'Observation',
      status: 'final',
      code: {},
      valueQuantity: { value: '30' },
    });
    expect(withStringValue.success).toBe(false);
    expect(withStringValue.error?.issues[0]?.path).toEqual(['valueQuantity', 'value']);
    expect(observationSchema.safeParse({ resourceType: 'Observation', code: {} }).success).toBe(false);
    expect(patientSchema.safeParse({ resourceType: 'Patient', birthDate: '1980-02-31' }).success).toBe(false);
    expect(operationOutcomeSchema.safeParse({ resourceType: 'OperationOutcome' }).success).toBe(false);
  });
});
