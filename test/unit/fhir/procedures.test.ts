import { describe, expect, it } from 'vitest';
import { mapPatientResources } from '../../../src/fhir/map.js';
import { PATIENT, procedure } from './resources.js';

const map = (...resources: unknown[]) => mapPatientResources(resources, { patientId: PATIENT });

describe('Procedure → liver-transplant record (rules v2 §1)', () => {
  it('maps a SNOMED CT liver transplant with its status and date', () => {
    const record = map(procedure());
    expect(record.procedures).toEqual([
      {
        ref: 'Procedure/olt',
        condition: 'liver-transplant',
        status: 'completed',
        performed: '2019-03-04T10:00:00Z',
      },
    ]);
    expect(record.dataQuality).toEqual([]);
  });

  it('maps CPT 47135 and ICD-10-PCS 0FY0*, with a performed period', () => {
    const cpt = map(
      procedure({
        code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '47135' }] },
        performedDateTime: undefined,
        performedPeriod: { start: '2018-01-02' },
      }),
    );
    expect(cpt.procedures?.[0]).toMatchObject({ status: 'completed', performed: '2018-01-02' });
    const pcs = map(
      procedure({
        code: { coding: [{ system: 'http://www.cms.gov/Medicare/Coding/ICD10', code: '0FY00Z0' }] },
      }),
    );
    expect(pcs.procedures).toHaveLength(1);
  });

  it('keeps the status for the core to judge (not-done is mapped, and does not count there)', () => {
    expect(map(procedure({ status: 'not-done' })).procedures?.[0]?.status).toBe('not-done');
  });

  it('ignores other procedures without a note', () => {
    const record = map(
      procedure({
        code: { coding: [{ system: 'http://snomed.info/sct', code: '73761001', display: 'Colonoscopy' }] },
      }),
    );
    expect(record.procedures).toEqual([]);
    expect(record.dataQuality).toEqual([]);
  });

  it('notes a liver transplant named only in text, without using it', () => {
    const record = map(procedure({ code: { text: 'Orthotopic liver transplant' } }));
    expect(record.procedures).toEqual([]);
    expect(record.dataQuality).toEqual([
      expect.objectContaining({ code: 'procedure-not-coded', resource: 'Procedure/olt' }),
    ]);
  });

  it('notes an invalid Procedure, and one of another patient is not used', () => {
    expect(map(procedure({ status: 5 })).dataQuality.map((n) => n.code)).toEqual(['invalid-resource']);
    const other = map(procedure({ subject: { reference: 'Patient/someone-else' } }));
    expect(other.procedures).toEqual([]);
    expect(other.dataQuality.map((n) => n.code)).toEqual(['other-patient']);
  });
});
