/**
 * Code systems named by their HL7 OID (urn:oid:…) instead of their URI, as some Epic and C-CDA-derived
 * exports write them: AIH, a lab, a drug or a transplant must be recognised either way (rules §1).
 */
import { describe, expect, it } from 'vitest';
import { mapPatientResources } from '../../../src/fhir/map.js';
import { condition, medicationRequest, observation, PATIENT, procedure } from './resources.js';

const map = (...resources: unknown[]) => mapPatientResources(resources, { patientId: PATIENT });

describe('code systems given as OIDs', () => {
  it('ICD-10-CM (2.16.840.1.113883.6.90) K75.4 is autoimmune hepatitis', () => {
    const record = map(condition({ system: 'urn:oid:2.16.840.1.113883.6.90', code: 'K75.4' }));
    expect(record.conditions.map((c) => c.condition)).toEqual(['aih']);
  });

  it('ICD-10 (2.16.840.1.113883.6.3) and SNOMED CT (2.16.840.1.113883.6.96) are read too', () => {
    const icd = map(condition({ system: 'urn:oid:2.16.840.1.113883.6.3', code: 'K74.3' }));
    expect(icd.conditions.map((c) => c.condition)).toEqual(['pbc']);
    const snomed = map(condition({ system: 'urn:oid:2.16.840.1.113883.6.96', code: '408335007' }));
    expect(snomed.conditions.map((c) => c.condition)).toEqual(['aih']);
  });

  it('an unrelated OID is not taken for ICD-10', () => {
    const record = map(condition({ system: 'urn:oid:1.2.840.114350.1.13.0.1.7.2.696871', code: 'K75.4' }));
    expect(record.conditions).toEqual([]);
  });

  it('LOINC (2.16.840.1.113883.6.1) names the analyte', () => {
    const record = map(
      observation({ code: { coding: [{ system: 'urn:oid:2.16.840.1.113883.6.1', code: '1742-6' }] } }),
    );
    expect(record.labs.map((l) => l.analyte)).toEqual(['alt']);
  });

  it('RxNorm (2.16.840.1.113883.6.88) names the ingredient, matched by code', () => {
    const record = map(
      medicationRequest({
        medicationCodeableConcept: { coding: [{ system: 'urn:oid:2.16.840.1.113883.6.88', code: '1256' }] },
      }),
    );
    expect(record.medications.map((m) => [m.ingredient, m.matchedBy])).toEqual([['azathioprine', 'rxnorm']]);
  });

  it('CPT (2.16.840.1.113883.6.12) 47135 is a liver transplant', () => {
    const record = map(
      procedure({ code: { coding: [{ system: 'urn:oid:2.16.840.1.113883.6.12', code: '47135' }] } }),
    );
    expect(record.procedures?.map((p) => p.condition)).toEqual(['liver-transplant']);
  });
});
