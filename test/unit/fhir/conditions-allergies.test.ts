import { describe, expect, it } from 'vitest';
import { mapPatientResources } from '../../../src/fhir/map.js';
import { PATIENT, RXNORM, SNOMED, condition } from './resources.js';

const map = (...resources: unknown[]) => mapPatientResources(resources, { patientId: PATIENT });
const ICD10 = 'http://hl7.org/fhir/sid/icd-10-cm';

describe('Condition → ConditionRecord', () => {
  it('maps AIH by SNOMED with statuses and dates', () => {
    const record = map(
      condition(
        { system: SNOMED, code: '408335007' },
        { onsetDateTime: '2022-05-01', recordedDate: '2022-05-03T10:00:00Z' },
      ),
    );
    expect(record.conditions).toEqual([
      {
        ref: 'Condition/cond-1',
        condition: 'aih',
        clinicalStatus: 'active',
        verificationStatus: 'confirmed',
        onset: '2022-05-01',
        recorded: '2022-05-03T10:00:00Z',
      },
    ]);
  });

  it('maps ICD-10 subcodes without dots, onsetPeriod and abatement', () => {
    const record = map(
      condition(
        { system: ICD10, code: 'K7469' },
        {
          clinicalStatus: { coding: [{ code: 'resolved' }] },
          onsetPeriod: { start: '2020-01-01' },
          abatementDateTime: '2021-01-01',
        },
      ),
    );
    expect(record.conditions[0]).toMatchObject({
      condition: 'cirrhosis',
      clinicalStatus: 'resolved',
      onset: '2020-01-01',
      abatement: '2021-01-01',
    });
  });

  it('keeps entered-in-error and refuted statuses for the core to judge', () => {
    const record = map(
      condition(
        { system: SNOMED, code: '31712002' },
        { verificationStatus: { coding: [{ code: 'entered-in-error' }] } },
      ),
    );
    expect(record.conditions[0]).toMatchObject({ condition: 'pbc', verificationStatus: 'entered-in-error' });
  });

  it('gives one record per condition a code names', () => {
    const record = map({
      ...condition({ system: SNOMED, code: '408335007' }),
      code: {
        coding: [
          { system: SNOMED, code: '408335007' },
          { system: ICD10, code: 'K74.3' },
        ],
      },
    });
    expect(record.conditions.map((c) => c.condition).sort()).toEqual(['aih', 'pbc']);
  });

  it('ignores unrelated conditions silently, but notes an uncoded key diagnosis', () => {
    expect(map(condition({ system: SNOMED, code: '38341003' })).dataQuality).toEqual([]);
    const uncoded = map({ ...condition({}), code: { text: 'Autoimmune hepatitis type 1' } });
    expect(uncoded.conditions).toEqual([]);
    expect(uncoded.dataQuality).toEqual([
      expect.objectContaining({ code: 'condition-not-coded', resource: 'Condition/cond-1' }),
    ]);
  });

  it('notes an invalid Condition', () => {
    const record = map(condition({ system: SNOMED, code: '408335007' }, { onsetDateTime: 2020 }));
    expect(record.dataQuality[0]).toMatchObject({ code: 'invalid-resource' });
    expect(record.dataQuality[0]?.message).toContain('onsetDateTime');
  });
});

describe('AllergyIntolerance → IntoleranceRecord', () => {
  const allergy = (overrides: Record<string, unknown>) => ({
    resourceType: 'AllergyIntolerance',
    id: 'ai-1',
    patient: { reference: `Patient/${PATIENT}` },
    clinicalStatus: { coding: [{ code: 'active' }] },
    verificationStatus: { coding: [{ code: 'confirmed' }] },
    recordedDate: '2023-08-01',
    ...overrides,
  });

  it('maps a coded substance with reaction text', () => {
    const record = map(
      allergy({
        code: { coding: [{ system: RXNORM, code: '1256', display: 'azathioprine' }] },
        reaction: [{ manifestation: [{ text: 'Pancreatitis' }, { coding: [{ display: 'Nausea' }] }] }],
      }),
    );
    expect(record.intolerances).toEqual([
      {
        ref: 'AllergyIntolerance/ai-1',
        ingredient: 'azathioprine',
        clinicalStatus: 'active',
        verificationStatus: 'confirmed',
        reaction: 'Pancreatitis; Nausea',
        recorded: '2023-08-01',
      },
    ]);
    expect(record.dataQuality).toEqual([]);
  });

  it('also reads reaction.substance and notes text-only matches', () => {
    const record = map(
      allergy({
        code: { text: 'Immunosuppressants' },
        reaction: [{ substance: { text: 'mercaptopurine' } }],
        recordedDate: undefined,
        onsetDateTime: '2022-02-02',
      }),
    );
    expect(record.intolerances).toEqual([
      expect.objectContaining({ ingredient: 'mercaptopurine', recorded: '2022-02-02' }),
    ]);
    expect(record.dataQuality.map((n) => n.code)).toEqual(['ingredient-from-text']);
  });

  it('ignores allergies to other substances', () => {
    const record = map(
      allergy({ code: { coding: [{ system: RXNORM, code: '7980', display: 'penicillin G' }] } }),
    );
    expect(record.intolerances).toEqual([]);
    expect(record.dataQuality).toEqual([]);
  });
});
