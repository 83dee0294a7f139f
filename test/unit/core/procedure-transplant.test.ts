import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import { isLiverTransplantProcedure } from '../../../src/core/procedure-codes.js';
import type { ProcedureRecord } from '../../../src/core/types.js';
import { firstLine, patient } from './builders.js';

const T = '2024-01-01';
const AS_OF = '2024-09-01';

function transplant(status: string, performed?: string): ProcedureRecord {
  return { ref: 'Procedure/olt', condition: 'liver-transplant', status, performed };
}

const assessWith = (procedures: ProcedureRecord[], gaps: { resourceType: string; reason: string }[] = []) =>
  assess({ ...patient({ meds: firstLine(T), gaps }), procedures }, { asOf: AS_OF });

describe('a liver transplant recorded only as a Procedure (rules v2 §1)', () => {
  it.each(['completed', 'in-progress'])('a %s transplant makes the patient out-of-scope', (status) => {
    const a = assessWith([transplant(status, '2020-05-01')]);
    expect(a.response).toBe('out-of-scope');
    expect(a.recommendations.map((r) => r.id)).toEqual(['refer-specialist-centre']);
  });

  it.each(['not-done', 'entered-in-error', 'preparation'])('a "%s" transplant never counts', (status) => {
    expect(assessWith([transplant(status, '2020-05-01')]).response).not.toBe('out-of-scope');
  });

  it('a transplant performed after the as-of date does not count; on the as-of date it does', () => {
    expect(assessWith([transplant('completed', '2024-09-02')]).response).not.toBe('out-of-scope');
    expect(assessWith([transplant('completed', AS_OF)]).response).toBe('out-of-scope');
  });

  it('a completed transplant without a date counts (it cannot be placed after the as-of date)', () => {
    expect(assessWith([transplant('completed')]).response).toBe('out-of-scope');
  });

  it('records made before rules v2 (no procedures) assess as before', () => {
    const record = patient({ meds: firstLine(T) });
    expect(record.procedures).toBeUndefined();
    expect(assess(record, { asOf: AS_OF }).response).not.toBe('out-of-scope');
  });

  it('an unread Procedure search makes the state insufficient-data, never a confident answer', () => {
    const a = assessWith([], [{ resourceType: 'Procedure', reason: 'server error 500' }]);
    expect(a.response).toBe('insufficient-data');
    expect(a.missing).toEqual(['Procedure: could not be read (server error 500)']);
    expect(a.recommendations.every((r) => r.id !== 'optimise-azathioprine')).toBe(true);
  });

  it('an unread Procedure search does not hide an out-of-scope condition already known', () => {
    expect(
      assessWith([transplant('completed', '2020-05-01')], [{ resourceType: 'Procedure', reason: 'x' }])
        .response,
    ).toBe('out-of-scope');
  });
});

describe('liver transplant procedure codes', () => {
  it.each<[string, string, boolean]>([
    ['http://snomed.info/sct', '18027006', true],
    ['http://snomed.info/sct', '426356008', true],
    ['http://snomed.info/sct', '70536003', false], // kidney
    ['http://www.ama-assn.org/go/cpt', '47135', true],
    ['http://www.ama-assn.org/go/cpt', '47140', false], // living donor hepatectomy, not a transplant into the patient
    ['http://www.cms.gov/Medicare/Coding/ICD10', '0FY00Z0', true],
    ['http://hl7.org/fhir/sid/icd-10-pcs', '0FY00Z1', true],
    ['http://www.cms.gov/Medicare/Coding/ICD10', '0FYG0Z0', false], // pancreas
    ['http://loinc.org', '18027006', false],
  ])('%s|%s → %s', (system, code, expected) => {
    expect(isLiverTransplantProcedure([{ system, code }])).toBe(expected);
  });
});
