import { describe, expect, it } from 'vitest';
import { mapPatientResources } from '../../../src/fhir/map.js';
import { PATIENT, medicationRequest, observation } from './resources.js';

const mapAll = (resources: unknown[]) => mapPatientResources(resources, { patientId: PATIENT });

describe('ALT, AST and IgG results that cannot be read are kept as unread results', () => {
  it('a value that is not a number, with its day', () => {
    const record = mapAll([observation({ valueQuantity: undefined, valueString: '1,200' })]);
    expect(record.labs).toEqual([]);
    expect(record.unreadResults).toEqual([
      {
        ref: 'Observation/alt-1',
        analyte: 'alt',
        from: '2024-03-01',
        to: '2024-03-01',
        reason: 'Value "1,200" is not a number',
      },
    ]);
  });

  it('a result reported absent (dataAbsentReason) holds nothing to miss', () => {
    const record = mapAll([
      observation({ valueQuantity: undefined, dataAbsentReason: { coding: [{ code: 'not-performed' }] } }),
    ]);
    expect(record.unreadResults).toBeUndefined();
    expect(record.dataQuality.map((n) => n.code)).toContain('no-numeric-value');
  });

  it('a month-only date: every day of that month', () => {
    const record = mapAll([observation({ effectiveDateTime: '2024-02' })]);
    expect(record.labs).toEqual([]);
    expect(record.unreadResults).toEqual([
      expect.objectContaining({ from: '2024-02-01', to: '2024-02-29', reason: 'no full effective date' }),
    ]);
  });

  it('a period with only an end: on or before it', () => {
    const record = mapAll([
      observation({ effectiveDateTime: undefined, effectivePeriod: { end: '2024-05-02T10:00:00Z' } }),
    ]);
    expect(record.unreadResults).toEqual([expect.objectContaining({ to: '2024-05-02' })]);
    expect(record.unreadResults?.[0]?.from).toBeUndefined();
  });

  it('an invalid ALT resource: undated', () => {
    const record = mapAll([observation({ status: 42 })]);
    expect(record.unreadResults).toEqual([
      { ref: 'Observation/alt-1', analyte: 'alt', reason: 'the resource is not valid FHIR' },
    ]);
  });

  it('other analytes and other tests are not unread results', () => {
    const wbc = observation({
      code: { coding: [{ system: 'http://loinc.org', code: '6690-2' }] },
      valueQuantity: undefined,
      valueString: 'clumped',
    });
    const sodium = observation({ code: { coding: [{ system: 'http://loinc.org', code: '2951-2' }] } });
    expect(mapAll([wbc, sodium]).unreadResults).toBeUndefined();
  });

  it('a readable result is not one', () => {
    expect(mapAll([observation()]).unreadResults).toBeUndefined();
  });
});

describe('medication records whose drug is unknown', () => {
  it('a reference to a Medication that never came, without a display', () => {
    const record = mapAll([
      medicationRequest({
        medicationCodeableConcept: undefined,
        medicationReference: { reference: 'Medication/x' },
      }),
    ]);
    expect(record.unknownDrugs).toEqual(['MedicationRequest/mr-1']);
  });

  it('a display that names another drug is known: not one', () => {
    const record = mapAll([
      medicationRequest({
        medicationCodeableConcept: undefined,
        medicationReference: { reference: 'Medication/x', display: 'lisinopril 10 mg tablet' },
      }),
    ]);
    expect(record.unknownDrugs).toBeUndefined();
  });

  it('an invalid record that is not plainly another drug', () => {
    expect(mapAll([medicationRequest({ status: 7 })]).unknownDrugs).toEqual(['MedicationRequest/mr-1']);
  });

  it('a readable record of a known drug is not one', () => {
    expect(mapAll([medicationRequest()]).unknownDrugs).toBeUndefined();
  });
});

describe('an invalid record coded in a variant system is still known to be ours', () => {
  it('"RXNORM|1256" (azathioprine) with an invalid status: noted invalid and its drug unknown', () => {
    const record = mapAll([
      medicationRequest({
        status: 7,
        medicationCodeableConcept: { coding: [{ system: 'RXNORM', code: ' 1256 ' }] },
      }),
    ]);
    expect(record.dataQuality.map((n) => n.code)).toContain('invalid-resource');
    expect(record.unknownDrugs).toEqual(['MedicationRequest/mr-1']);
  });

  it('an invalid record plainly of another drug raises nothing', () => {
    const record = mapAll([
      medicationRequest({
        status: 7,
        medicationCodeableConcept: { coding: [{ system: 'RXNORM', code: '29046', display: 'lisinopril' }] },
      }),
    ]);
    expect(record.dataQuality).toEqual([]);
    expect(record.unknownDrugs).toBeUndefined();
  });
});
