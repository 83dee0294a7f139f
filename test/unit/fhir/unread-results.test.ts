import { describe, expect, it } from 'vitest';
import { mapPatientResources } from '../../../src/fhir/map.js';
import { PATIENT, RXNORM, medicationRequest, observation } from './resources.js';

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

  it('an invalid ALT resource is placed by the dates it carries', () => {
    const record = mapAll([observation({ status: 42 })]);
    expect(record.unreadResults).toEqual([
      {
        ref: 'Observation/alt-1',
        analyte: 'alt',
        from: '2024-03-01',
        to: '2024-03-01',
        reason: 'the resource is not valid FHIR',
      },
    ]);
  });

  it('an invalid ALT with a status that is not used (entered in error, preliminary) is not one', () => {
    const invalidValue = { valueQuantity: { value: '50', unit: 'U/L' } };
    for (const status of ['entered-in-error', 'preliminary']) {
      expect(mapAll([observation({ ...invalidValue, status })]).unreadResults).toBeUndefined();
    }
    expect(mapAll([observation({ ...invalidValue })]).unreadResults).toHaveLength(1);
  });

  it('a preliminary result without a number or a full date is not one (it would not count)', () => {
    const pending = observation({ status: 'preliminary', valueQuantity: undefined, valueString: 'pending' });
    const monthOnly = observation({ status: 'preliminary', effectiveDateTime: '2024-03' });
    expect(mapAll([pending, { ...monthOnly, id: 'alt-2' }]).unreadResults).toBeUndefined();
  });

  it('a result with neither a number nor any date cannot be placed: its note alone', () => {
    const record = mapAll([
      observation({ effectiveDateTime: undefined, valueQuantity: undefined, valueString: 'see comment' }),
    ]);
    expect(record.unreadResults).toBeUndefined();
    expect(record.dataQuality.map((n) => n.code)).toContain('no-numeric-value');
  });

  it('a number without any date may be of any day: undated', () => {
    const record = mapAll([observation({ effectiveDateTime: undefined })]);
    expect(record.unreadResults).toEqual([
      { ref: 'Observation/alt-1', analyte: 'alt', reason: 'no full effective date' },
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

describe('drugs named by nothing but an unknown code', () => {
  const codeOnly = (code: string, overrides: Record<string, unknown> = {}) =>
    medicationRequest({ medicationCodeableConcept: { coding: [{ system: RXNORM, code }] }, ...overrides });

  it('an RxNorm code outside the curated table, without display or text: drug unknown, noted', () => {
    const record = mapAll([codeOnly('312617')]);
    expect(record.unknownDrugs).toEqual(['MedicationRequest/mr-1']);
    expect(record.dataQuality.map((n) => n.code)).toContain('unresolved-medication');
  });

  it('the same code with a display naming another drug is known: not one', () => {
    const record = mapAll([
      medicationRequest({
        medicationCodeableConcept: {
          coding: [{ system: RXNORM, code: '314076', display: 'lisinopril 10 MG Oral Tablet' }],
        },
      }),
    ]);
    expect(record.unknownDrugs).toBeUndefined();
  });

  it('a code-only warfarin or ingredient code is known: not one', () => {
    expect(mapAll([codeOnly('11289'), { ...codeOnly('1256'), id: 'mr-2' }]).unknownDrugs).toBeUndefined();
  });

  it.each(['cancelled', 'draft', 'entered-in-error'])('a %s record is not taken: not one', (status) => {
    expect(mapAll([codeOnly('312617', { status })]).unknownDrugs).toBeUndefined();
    const unresolved = medicationRequest({
      status,
      medicationCodeableConcept: undefined,
      medicationReference: { reference: 'Medication/x' },
    });
    expect(mapAll([unresolved]).unknownDrugs).toBeUndefined();
  });
});

describe('an order replaced by a record whose drug is unknown', () => {
  const aza = (id: string, mg: number, overrides: Record<string, unknown> = {}) =>
    medicationRequest({
      id,
      medicationCodeableConcept: {
        coding: [{ system: RXNORM, code: '197388', display: 'azathioprine 50 MG Oral Tablet' }],
      },
      dosageInstruction: [
        {
          timing: { repeat: { frequency: 1, period: 1, periodUnit: 'd' } },
          doseAndRate: [{ doseQuantity: { value: mg, unit: 'mg' } }],
        },
      ],
      ...overrides,
    });

  it('keeps its period but loses its dose: the current dose is unknown, not the old one', () => {
    const replacement = aza('b', 150, {
      authoredOn: '2024-05-01',
      medicationCodeableConcept: undefined,
      medicationReference: { reference: 'Medication/missing' },
      priorPrescription: { reference: 'MedicationRequest/a' },
    });
    const record = mapAll([aza('a', 50), replacement]);
    const old = record.medications.find((m) => m.ref === 'MedicationRequest/a');
    expect(old?.dailyDoseMg).toBeUndefined();
    expect(old?.start).toBe('2024-01-10');
    expect(record.dataQuality).toContainEqual(
      expect.objectContaining({ code: 'dose-unknown', resource: 'MedicationRequest/a' }),
    );
  });

  it('replaced by a known order: the old dose stays on the old order', () => {
    const record = mapAll([
      aza('a', 50),
      aza('b', 150, { authoredOn: '2024-05-01', priorPrescription: { reference: 'MedicationRequest/a' } }),
    ]);
    expect(record.medications.find((m) => m.ref === 'MedicationRequest/a')?.dailyDoseMg).toBe(50);
  });
});

describe('more shapes of unread and unknown records', () => {
  it('a Medication with codes alone is named by the display on the reference: not unknown', () => {
    const record = mapPatientResources(
      [
        medicationRequest({
          medicationCodeableConcept: undefined,
          medicationReference: { reference: 'Medication/m-lis', display: 'lisinopril 10 MG Oral Tablet' },
        }),
        { resourceType: 'Medication', id: 'm-lis', code: { coding: [{ system: RXNORM, code: '314076' }] } },
      ],
      { patientId: PATIENT },
    );
    expect(record.unknownDrugs).toBeUndefined();
  });

  it('an invalid record that says it was cancelled is not an unknown drug', () => {
    const invalid = medicationRequest({
      status: 'cancelled',
      authoredOn: 42,
      medicationCodeableConcept: { coding: [{ system: RXNORM, code: '314076' }] },
    });
    expect(mapAll([invalid]).unknownDrugs).toBeUndefined();
  });

  it.each([
    ['2019-02-30', { from: '2019-02-01', to: '2019-02-28' }],
    ['2024-13-01', { from: '2024-01-01', to: '2024-12-31' }],
    ['2023/12/15', { from: '2023-01-01', to: '2023-12-31' }],
  ])('an invalid ALT dated %j is placed within what the date says', (date, days) => {
    const record = mapAll([
      observation({ effectiveDateTime: date, valueQuantity: { value: '300', unit: 'U/L' } }),
    ]);
    expect(record.unreadResults).toEqual([expect.objectContaining(days)]);
  });

  it('a date that is no date falls back to the report time', () => {
    const record = mapAll([
      observation({
        effectiveDateTime: 'not a date',
        issued: '2024-04-02T10:00:00Z',
        valueQuantity: { value: '1' },
      }),
    ]);
    expect(record.unreadResults).toEqual([expect.objectContaining({ to: '2024-04-02' })]);
    expect(record.unreadResults?.[0]?.from).toBeUndefined();
  });

  it('ALT as a component of a hepatic function panel: noted and unread, never silently dropped', () => {
    const panelObs = observation({
      id: 'hfp',
      code: { coding: [{ system: 'http://loinc.org', code: '24325-3' }] },
      valueQuantity: undefined,
      component: [
        {
          code: { coding: [{ system: 'http://loinc.org', code: '1742-6' }] },
          valueQuantity: { value: 300, unit: 'U/L' },
        },
      ],
    });
    const record = mapAll([panelObs]);
    expect(record.unreadResults).toEqual([
      expect.objectContaining({ ref: 'Observation/hfp', analyte: 'alt', from: '2024-03-01' }),
    ]);
    expect(record.dataQuality.map((n) => n.code)).toContain('panel-component');
  });

  it('a panel without a deciding component raises nothing', () => {
    const panelObs = observation({
      code: { coding: [{ system: 'http://loinc.org', code: '24362-6' }] },
      component: [{ code: { coding: [{ system: 'http://loinc.org', code: '2951-2' }] } }],
    });
    const record = mapAll([panelObs]);
    expect(record.unreadResults).toBeUndefined();
    expect(record.dataQuality).toEqual([]);
  });
});
