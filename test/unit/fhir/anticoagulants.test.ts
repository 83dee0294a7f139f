/**
 * Vitamin K antagonist records (rules v2 §1, §7) from every medication resource type: mapped into
 * `anticoagulants`, never into the AIH medications.
 */
import { describe, expect, it } from 'vitest';
import { matchAnticoagulant } from '../../../src/core/codes.js';
import { assess } from '../../../src/core/assess.js';
import { mapPatientResources } from '../../../src/fhir/map.js';
import { LOINC, PATIENT, RXNORM, SNOMED, condition, medicationRequest, observation } from './resources.js';

const map = (...resources: unknown[]) => mapPatientResources(resources, { patientId: PATIENT });
const ATC = 'http://www.whocc.no/atc';
const subject = { reference: `Patient/${PATIENT}` };

describe('matchAnticoagulant', () => {
  it.each([
    [[{ system: RXNORM, code: '11289' }], undefined, 'warfarin', 'rxnorm'],
    [[{ system: RXNORM, code: '114194' }], undefined, 'warfarin', 'rxnorm'],
    [
      [{ system: RXNORM, code: '855334', display: 'Warfarin Sodium 5 MG Oral Tablet [Coumadin]' }],
      undefined,
      'warfarin',
      'rxnorm',
    ],
    [[{ system: ATC, code: 'B01AA04' }], undefined, 'phenprocoumon', 'atc'],
    [[{ system: ATC, code: 'b01aa07' }], undefined, 'acenocoumarol', 'atc'],
    [[{ system: ATC, code: 'B01AA02' }], undefined, 'vitamin-k-antagonist', 'atc'],
    [[], 'Sintrom 4 mg comprimidos', 'acenocoumarol', 'text'],
    [[], 'Marcumar 3 mg Tabletten', 'phenprocoumon', 'text'],
  ] as const)('%j %s → %s by %s', (codings, text, agent, matchedBy) => {
    expect(matchAnticoagulant(codings, text)).toEqual({ agent, matchedBy });
  });

  it.each([
    [[{ system: RXNORM, code: '1256', display: 'azathioprine' }], undefined],
    [[{ system: ATC, code: 'B01AF01' }], 'rivaroxaban'], // a direct oral anticoagulant, not a VKA
    [[{ system: ATC, code: 'B01AB01' }], 'heparin'],
  ] as const)('%j %s is no vitamin K antagonist', (codings, text) => {
    expect(matchAnticoagulant(codings, text)).toBeUndefined();
  });
});

describe('the mapper puts vitamin K antagonists in anticoagulants, not medications', () => {
  const warfarin = { coding: [{ system: RXNORM, code: '11289', display: 'warfarin' }] };

  it('MedicationRequest', () => {
    const record = map(medicationRequest({ id: 'w1', medicationCodeableConcept: warfarin }));
    expect(record.medications).toEqual([]);
    expect(record.anticoagulants).toEqual([
      {
        ref: 'MedicationRequest/w1',
        source: 'MedicationRequest',
        agent: 'warfarin',
        matchedBy: 'rxnorm',
        status: 'active',
        start: '2024-01-10',
        lastKnown: '2024-01-10',
      },
    ]);
    expect(record.dataQuality).toEqual([]);
  });

  it('MedicationStatement, MedicationDispense and MedicationAdministration', () => {
    const record = map(
      {
        resourceType: 'MedicationStatement',
        id: 's',
        status: 'active',
        subject,
        medicationCodeableConcept: { coding: [{ system: ATC, code: 'B01AA04' }] },
        effectiveDateTime: '2023-03-03',
      },
      {
        resourceType: 'MedicationDispense',
        id: 'd',
        status: 'completed',
        subject,
        medicationCodeableConcept: warfarin,
        whenHandedOver: '2024-01-31',
        daysSupply: { value: 30, unit: 'days', system: 'http://unitsofmeasure.org', code: 'd' },
      },
      {
        resourceType: 'MedicationAdministration',
        id: 'a',
        status: 'completed',
        subject,
        medicationCodeableConcept: { text: 'acenocoumarol 4 mg' },
        effectiveDateTime: '2024-02-02',
      },
    );
    expect(record.medications).toEqual([]);
    expect(record.anticoagulants?.map((a) => [a.source, a.agent, a.matchedBy])).toEqual([
      ['MedicationStatement', 'phenprocoumon', 'atc'],
      ['MedicationDispense', 'warfarin', 'rxnorm'],
      ['MedicationAdministration', 'acenocoumarol', 'text'],
    ]);
    expect(record.anticoagulants?.[1]).toMatchObject({ start: '2024-01-31', end: '2024-03-01' });
    expect(record.dataQuality.map((n) => n.code)).toEqual(['anticoagulant-from-text']);
  });

  it('a referenced Medication resolved later (as in a CLI export) is matched too', () => {
    const record = map(
      medicationRequest({
        id: 'w2',
        medicationCodeableConcept: undefined,
        medicationReference: { reference: 'Medication/m9' },
      }),
      { resourceType: 'Medication', id: 'm9', code: warfarin },
    );
    expect(record.anticoagulants?.map((a) => a.ref)).toEqual(['MedicationRequest/w2']);
  });

  it('an unresolved Medication reference is named by its display (flagged)', () => {
    const record = map(
      medicationRequest({
        id: 'w3',
        medicationCodeableConcept: undefined,
        medicationReference: { reference: 'Medication/gone', display: 'Warfarin 5 mg tablet' },
      }),
    );
    expect(record.anticoagulants).toMatchObject([
      { ref: 'MedicationRequest/w3', agent: 'warfarin', matchedBy: 'text' },
    ]);
  });

  it('entered-in-error is not an exposure', () => {
    const record = map(
      medicationRequest({ status: 'entered-in-error', medicationCodeableConcept: warfarin }),
    );
    expect(record.anticoagulants).toBeUndefined();
  });

  it('a chart without a vitamin K antagonist has no anticoagulants field', () => {
    expect('anticoagulants' in map(medicationRequest())).toBe(false);
  });
});

describe('from FHIR to the flag: an INR on warfarin is not decompensation', () => {
  const chart = (withWarfarin: boolean) => [
    condition({ system: SNOMED, code: '408335007' }),
    medicationRequest({
      id: 'pred',
      medicationCodeableConcept: { coding: [{ system: RXNORM, code: '8638' }] },
    }),
    ...(withWarfarin
      ? [
          medicationRequest({
            id: 'warf',
            medicationCodeableConcept: { coding: [{ system: RXNORM, code: '11289' }] },
          }),
        ]
      : []),
    observation({
      id: 'inr-1',
      code: { coding: [{ system: LOINC, code: '6301-6' }] },
      effectiveDateTime: '2024-03-01',
      valueQuantity: { value: 2.6, unit: '{INR}', system: 'http://unitsofmeasure.org', code: '{INR}' },
      referenceRange: undefined,
    }),
  ];

  it.each([
    [true, false],
    [false, true],
  ])('warfarin on record: %s → decompensated: %s', (withWarfarin, flagged) => {
    const a = assess(map(...chart(withWarfarin)), { asOf: '2024-04-01' });
    expect(a.safetyFlags.includes('decompensated')).toBe(flagged);
  });
});
