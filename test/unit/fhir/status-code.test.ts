import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import { mapPatientResources } from '../../../src/fhir/map.js';
import { statusCode } from '../../../src/fhir/map/status-code.js';
import { PATIENT, SNOMED, condition } from './resources.js';

const HL7_CLINICAL = 'http://terminology.hl7.org/CodeSystem/condition-clinical';
const HL7_VERIFICATION = 'http://terminology.hl7.org/CodeSystem/condition-ver-status';

describe('condition and allergy statuses as EHRs write them', () => {
  it.each([
    [{ text: 'Active' }, 'active'],
    [{ coding: [{ system: HL7_CLINICAL, code: 'Active' }] }, 'active'],
    [
      {
        coding: [
          { system: SNOMED, code: '55561003', display: 'Active' },
          { system: HL7_CLINICAL, code: 'active' },
        ],
      },
      'active',
    ],
    [
      {
        coding: [
          { system: SNOMED, code: '73425007', display: 'Inactive' },
          { system: HL7_CLINICAL, code: 'active' },
        ],
      },
      'active',
    ],
    [{ coding: [{ system: 'urn:local', code: 'A', display: 'Active' }] }, 'active'],
    [{ coding: [{ system: 'urn:local', code: 'A' }] }, undefined],
    [
      {
        coding: [
          { system: SNOMED, code: '410605003' },
          { system: HL7_VERIFICATION, code: 'refuted' },
        ],
      },
      'refuted',
    ],
    [undefined, undefined],
  ])('%j reads as %s', (concept, status) => {
    expect(statusCode(concept)).toBe(status);
  });

  it('PBC with its clinical status as the text "Active" makes an AIH patient out of scope', () => {
    const record = mapPatientResources(
      [
        condition({ system: SNOMED, code: '408335007' }),
        condition({ system: SNOMED, code: '31712002' }, { id: 'pbc', clinicalStatus: { text: 'Active' } }),
      ],
      { patientId: PATIENT },
    );
    expect(assess(record, { asOf: '2024-09-01' }).response).toBe('out-of-scope');
  });

  it('AIH whose status is a local code that names no status still counts (it is not known to be inactive)', () => {
    const record = mapPatientResources(
      [
        condition(
          { system: SNOMED, code: '408335007' },
          { clinicalStatus: { coding: [{ system: 'urn:local', code: 'A' }] } },
        ),
      ],
      { patientId: PATIENT },
    );
    expect(assess(record, { asOf: '2024-09-01' }).response).not.toBe('not-applicable');
  });
});
