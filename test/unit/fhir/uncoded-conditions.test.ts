import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import { mapPatientResources } from '../../../src/fhir/map.js';
import { PATIENT, SNOMED, condition } from './resources.js';

describe('key diagnoses written in text only (§1 reads codes)', () => {
  const aihCoded = condition({ system: SNOMED, code: '408335007' }, { id: 'aih' });
  const textOnly = (id: string, text: string, overrides: Record<string, unknown> = {}) => ({
    ...condition({}, { id, ...overrides }),
    code: { text },
  });
  const stateOf = (resources: unknown[]) =>
    assess(mapPatientResources(resources, { patientId: PATIENT }), { asOf: '2024-09-01' });

  it('AIH in text only: insufficient-data naming it, not not-applicable', () => {
    const a = stateOf([textOnly('t1', 'Autoimmune hepatitis')]);
    expect(a.response).toBe('insufficient-data');
    expect(a.missing).toEqual([
      expect.stringMatching(/^aih: Condition\/t1 names autoimmune hepatitis without/),
    ]);
  });

  it.each([
    ['Primary biliary cholangitis', 'pbc'],
    ['PSC', 'psc'],
    ['Liver transplant recipient', 'liver-transplant'],
  ])(
    '%j in text only beside a coded AIH: insufficient-data (%s may put the patient out of scope)',
    (text, id) => {
      const a = stateOf([aihCoded, textOnly('t1', text)]);
      expect(a.response).toBe('insufficient-data');
      expect(a.missing[0]).toMatch(new RegExp(`^${id}: Condition/t1 is written without`));
    },
  );

  it('a coded exclusion still decides: out-of-scope', () => {
    const pbc = condition({ system: SNOMED, code: '31712002' }, { id: 'pbc' });
    expect(stateOf([aihCoded, pbc, textOnly('t1', 'PSC')]).response).toBe('out-of-scope');
  });

  it('a text-only exclusion that is refuted or resolved does not count', () => {
    const refuted = textOnly('t1', 'PSC', { verificationStatus: { coding: [{ code: 'refuted' }] } });
    const resolved = textOnly('t2', 'PBC', { clinicalStatus: { coding: [{ code: 'resolved' }] } });
    expect(stateOf([aihCoded, refuted, resolved]).response).toBe('untreated');
  });

  it('no AIH at all, in code or text: not-applicable', () => {
    expect(stateOf([textOnly('t1', 'Hypertension')]).response).toBe('not-applicable');
  });

  it('cirrhosis in text only raises the cirrhosis flag (it blocks budesonide) and changes no state', () => {
    const a = stateOf([aihCoded, textOnly('t1', 'Cirrhosis of liver')]);
    expect(a.response).toBe('untreated');
    expect(a.safetyFlags).toContain('cirrhosis');
  });

  it('a resolved cirrhosis in text only raises nothing', () => {
    const resolved = textOnly('t1', 'Cirrhosis', { clinicalStatus: { coding: [{ code: 'resolved' }] } });
    expect(stateOf([aihCoded, resolved]).safetyFlags).not.toContain('cirrhosis');
  });
});
