import { describe, expect, it } from 'vitest';
import { PatientRecordBuilder, mapPatientResources } from '../../../src/fhir/map.js';
import { dailyDoseMg } from '../../../src/fhir/map/dose.js';
import { PATIENT, RXNORM, SNOMED, dosage, medicationRequest } from './resources.js';

const map = (...resources: unknown[]) => mapPatientResources(resources, { patientId: PATIENT });
const ATC = 'http://www.whocc.no/atc';

describe('medication concept and reference resolution', () => {
  it('maps an inline RxNorm ingredient', () => {
    const record = map(medicationRequest());
    expect(record.medications).toEqual([
      {
        ref: 'MedicationRequest/mr-1',
        source: 'MedicationRequest',
        ingredient: 'azathioprine',
        matchedBy: 'rxnorm',
        status: 'active',
        start: '2024-01-10',
        lastKnown: '2024-01-10',
        product: { codes: [] }, // an ingredient code names no product
      },
    ]);
    expect(record.dataQuality).toEqual([
      expect.objectContaining({ code: 'dose-unknown', resource: 'MedicationRequest/mr-1' }),
    ]);
  });

  it('resolves a contained Medication (#id), including its ingredient list', () => {
    const record = map(
      medicationRequest({
        medicationCodeableConcept: undefined,
        medicationReference: { reference: '#m1' },
        contained: [
          {
            resourceType: 'Medication',
            id: 'm1',
            code: { coding: [{ system: RXNORM, code: '999999', display: 'Product X' }] },
            ingredient: [{ itemCodeableConcept: { coding: [{ system: RXNORM, code: '68149' }] } }],
          },
        ],
      }),
    );
    expect(record.medications.map((m) => [m.ingredient, m.matchedBy])).toEqual([['mycophenolate', 'rxnorm']]);
  });

  it('resolves a Medication in the list, before or after the request, by id or fullUrl', () => {
    const medication = {
      resourceType: 'Medication',
      id: 'tac',
      code: { coding: [{ system: ATC, code: 'L04AD02' }] },
    };
    const byRef = medicationRequest({
      medicationCodeableConcept: undefined,
      medicationReference: { reference: 'Medication/tac' },
    });
    expect(map(byRef, medication).medications[0]).toMatchObject({
      ingredient: 'tacrolimus',
      matchedBy: 'atc',
    });
    expect(map(medication, byRef).medications[0]).toMatchObject({ ingredient: 'tacrolimus' });
    const absolute = medicationRequest({
      medicationCodeableConcept: undefined,
      medicationReference: { reference: 'https://ehr.example.org/fhir/Medication/tac' },
    });
    expect(map(absolute, medication).medications[0]?.ingredient).toBe('tacrolimus');
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        { fullUrl: 'urn:uuid:0f3c', resource: { ...medication, id: undefined } },
        {
          resource: medicationRequest({
            medicationCodeableConcept: undefined,
            medicationReference: { reference: 'urn:uuid:0f3c' },
          }),
        },
      ],
    };
    expect(map(bundle).medications[0]?.ingredient).toBe('tacrolimus');
  });

  it('uses medicationLookup for references it has not seen', () => {
    const asked: string[] = [];
    const builder = new PatientRecordBuilder(PATIENT, {
      medicationLookup: (reference) => {
        asked.push(reference);
        return reference === 'Medication/pred'
          ? { resourceType: 'Medication', id: 'pred', code: { coding: [{ system: RXNORM, code: '8640' }] } }
          : undefined;
      },
    });
    builder.add(
      medicationRequest({
        medicationCodeableConcept: undefined,
        medicationReference: { reference: 'Medication/pred' },
      }),
    );
    expect(asked).toEqual(['Medication/pred']);
    expect(builder.build().medications[0]?.ingredient).toBe('prednisone');
  });

  it('falls back to the reference display with a note, or notes an unknown drug', () => {
    const withDisplay = map(
      medicationRequest({
        medicationCodeableConcept: undefined,
        medicationReference: { reference: 'Medication/gone', display: 'azaTHIOprine (IMURAN) 50 MG tablet' },
      }),
    );
    expect(withDisplay.medications[0]).toMatchObject({ ingredient: 'azathioprine', matchedBy: 'text' });
    expect(withDisplay.dataQuality.map((n) => n.code)).toEqual([
      'unresolved-medication',
      'ingredient-from-text',
      'dose-unknown',
    ]);
    const bare = map(
      medicationRequest({
        medicationCodeableConcept: undefined,
        medicationReference: { reference: 'Medication/gone' },
      }),
    );
    expect(bare.medications).toEqual([]);
    expect(bare.dataQuality).toEqual([
      expect.objectContaining({ code: 'unresolved-medication', resource: 'MedicationRequest/mr-1' }),
    ]);
  });

  it('gives one exposure per ingredient of a combination, without a daily dose', () => {
    const record = map(
      medicationRequest({
        medicationCodeableConcept: {
          coding: [
            { system: RXNORM, code: '8638' },
            { system: RXNORM, code: '1256' },
          ],
        },
        dosageInstruction: [dosage(50, 'mg', { repeat: { frequency: 1, period: 1, periodUnit: 'd' } })],
      }),
    );
    expect(record.medications.map((m) => m.ingredient).sort()).toEqual(['azathioprine', 'prednisolone']);
    expect(record.medications.every((m) => m.dailyDoseMg === undefined)).toBe(true);
  });

  it('notes a text-only ingredient match', () => {
    const record = map(
      medicationRequest({ medicationCodeableConcept: { text: 'Mycophenolate mofetil 500 mg tab' } }),
    );
    expect(record.medications[0]).toMatchObject({ ingredient: 'mycophenolate', matchedBy: 'text' });
    expect(record.dataQuality.map((n) => n.code)).toEqual(['ingredient-from-text']);
  });

  it('ignores other drugs silently, even with partial dates', () => {
    const record = map(
      medicationRequest({
        medicationCodeableConcept: { coding: [{ system: RXNORM, code: '29046', display: 'lisinopril' }] },
        authoredOn: '2020',
      }),
    );
    expect(record.medications).toEqual([]);
    expect(record.dataQuality).toEqual([]);
  });
});

describe('route exclusion', () => {
  it('excludes topical tacrolimus by route code, with a note', () => {
    const record = map(
      medicationRequest({
        medicationCodeableConcept: { coding: [{ system: RXNORM, code: '42316' }] },
        dosageInstruction: [{ route: { coding: [{ system: SNOMED, code: '6064005' }] } }],
      }),
    );
    expect(record.medications).toEqual([]);
    expect(record.dataQuality.map((n) => n.code)).toEqual(['non-systemic-route']);
  });

  it('excludes inhaled budesonide by product name and by Medication.form', () => {
    const byName = map(
      medicationRequest({
        medicationCodeableConcept: {
          coding: [{ system: RXNORM, code: '19831', display: 'budesonide 0.2 MG/ACTUAT Inhalation Powder' }],
        },
      }),
    );
    expect(byName.medications).toEqual([]);
    const byForm = map(
      medicationRequest({
        medicationCodeableConcept: undefined,
        medicationReference: { reference: '#b' },
        contained: [
          {
            resourceType: 'Medication',
            id: 'b',
            code: { coding: [{ system: RXNORM, code: '19831' }] },
            form: { text: 'rectal foam' },
          },
        ],
      }),
    );
    expect(byForm.medications).toEqual([]);
    expect(byForm.dataQuality.map((n) => n.code)).toEqual(['non-systemic-route']);
  });

  it('keeps oral budesonide and oral tacrolimus', () => {
    const record = map(
      medicationRequest({
        id: 'b',
        medicationCodeableConcept: {
          coding: [
            { system: RXNORM, code: '19831', display: 'budesonide 3 MG Delayed Release Oral Capsule' },
          ],
        },
      }),
      medicationRequest({
        id: 't',
        medicationCodeableConcept: { coding: [{ system: RXNORM, code: '42316' }] },
        dosageInstruction: [{ route: { text: 'oral' } }],
      }),
    );
    expect(record.medications.map((m) => m.ingredient)).toEqual(['budesonide', 'tacrolimus']);
  });
});

describe('status, status reason and exclusions', () => {
  it('excludes entered-in-error with a note', () => {
    const record = map(medicationRequest({ status: 'entered-in-error' }));
    expect(record.medications).toEqual([]);
    expect(record.dataQuality).toEqual([
      expect.objectContaining({ code: 'excluded-status', resource: 'MedicationRequest/mr-1' }),
    ]);
  });

  it('excludes a do-not-perform order with a note', () => {
    const record = map(medicationRequest({ doNotPerform: true }));
    expect(record.medications).toEqual([]);
    expect(record.dataQuality[0]?.code).toBe('excluded-status');
  });

  it('keeps status and the status reason as system|code strings and text', () => {
    const record = map(
      medicationRequest({
        status: 'stopped',
        statusReason: {
          coding: [{ system: SNOMED, code: '281647001', display: 'Adverse reaction' }],
          text: 'Pancreatitis',
        },
      }),
      {
        resourceType: 'MedicationStatement',
        id: 'ms-1',
        status: 'stopped',
        subject: { reference: `Patient/${PATIENT}` },
        medicationCodeableConcept: { coding: [{ system: RXNORM, code: '8640' }] },
        statusReason: [{ text: 'intolerance: mood changes' }, { coding: [{ system: 'urn:x', code: 'AE' }] }],
        effectivePeriod: { start: '2023-01-01', end: '2023-06-30' },
      },
    );
    expect(record.medications[0]).toMatchObject({
      status: 'stopped',
      statusReason: { codes: [`${SNOMED}|281647001`], text: 'Pancreatitis; Adverse reaction' },
    });
    expect(record.medications[1]).toMatchObject({
      source: 'MedicationStatement',
      statusReason: { codes: ['urn:x|AE'], text: 'intolerance: mood changes' },
    });
  });
});

describe('dates', () => {
  it('MedicationRequest: validityPeriod, then boundsPeriod, then authoredOn; lastKnown is the latest', () => {
    const validity = map(
      medicationRequest({ dispenseRequest: { validityPeriod: { start: '2024-01-12', end: '2024-07-12' } } }),
    );
    expect(validity.medications[0]).toMatchObject({
      start: '2024-01-12',
      end: '2024-07-12',
      lastKnown: '2024-07-12',
    });
    const bounds = map(
      medicationRequest({
        dosageInstruction: [
          { timing: { repeat: { boundsPeriod: { start: '2024-01-15', end: '2024-02-15' } } } },
        ],
      }),
    );
    expect(bounds.medications[0]).toMatchObject({
      start: '2024-01-15',
      end: '2024-02-15',
      lastKnown: '2024-02-15',
    });
  });

  it('MedicationStatement: effectivePeriod, effectiveDateTime, then dateAsserted', () => {
    const base = {
      resourceType: 'MedicationStatement',
      id: 's',
      status: 'active',
      subject: { reference: `Patient/${PATIENT}` },
      medicationCodeableConcept: { coding: [{ system: RXNORM, code: '8638' }] },
    };
    expect(
      map({ ...base, effectiveDateTime: '2023-03-03', dateAsserted: '2023-05-05' }).medications[0],
    ).toMatchObject({ start: '2023-03-03', lastKnown: '2023-05-05' });
    expect(map({ ...base, dateAsserted: '2023-05-05' }).medications[0]).toMatchObject({
      start: '2023-05-05',
    });
  });

  it('MedicationDispense: handed over plus days supplied', () => {
    const record = map({
      resourceType: 'MedicationDispense',
      id: 'd',
      status: 'completed',
      subject: { reference: `Patient/${PATIENT}` },
      medicationCodeableConcept: { coding: [{ system: RXNORM, code: '1256' }] },
      whenHandedOver: '2024-01-31T10:00:00Z',
      daysSupply: { value: 30, unit: 'days', system: 'http://unitsofmeasure.org', code: 'd' },
    });
    expect(record.medications[0]).toMatchObject({
      source: 'MedicationDispense',
      start: '2024-01-31T10:00:00Z',
      end: '2024-03-01',
    });
  });

  it('MedicationAdministration: effective time', () => {
    const record = map({
      resourceType: 'MedicationAdministration',
      id: 'a',
      status: 'completed',
      subject: { reference: `Patient/${PATIENT}` },
      medicationCodeableConcept: { coding: [{ system: RXNORM, code: '191831' }] },
      effectiveDateTime: '2024-02-02T09:00:00Z',
    });
    expect(record.medications[0]).toMatchObject({
      ingredient: 'infliximab',
      start: '2024-02-02T09:00:00Z',
      end: '2024-02-02T09:00:00Z',
    });
  });
});

describe('daily dose', () => {
  const daily = { repeat: { frequency: 1, period: 1, periodUnit: 'd' } };
  it.each([
    [[dosage(50, 'mg', { repeat: { frequency: 2, period: 1, periodUnit: 'd' } })], 100],
    [[dosage(1, 'g', { repeat: { frequency: 2, period: 1, periodUnit: 'd' } })], 2000],
    [[dosage(5, 'mg', { code: { coding: [{ code: 'TID' }] } })], 15],
    [[dosage(100, 'mg', { repeat: { frequency: 1, period: 2, periodUnit: 'd' } })], 50],
    [[dosage(500, 'ug', daily)], 0.5],
    [[dosage(50, 'mg', daily), dosage(25, 'mg', daily)], 75],
  ])('derives %j → %d mg/day', (dosages, expected) => {
    expect(dailyDoseMg(dosages)).toBe(expected);
  });

  it.each([
    ['no timing', [dosage(50, 'mg', {})]],
    ['tablets', [dosage(1, '{tbl}', daily)]],
    [
      'a taper',
      [
        { ...dosage(40, 'mg', daily), sequence: 1 },
        { ...dosage(30, 'mg', daily), sequence: 2 },
      ],
    ],
    ['no dosage', []],
  ])('leaves it undefined for %s', (_label, dosages) => {
    expect(dailyDoseMg(dosages)).toBeUndefined();
  });

  describe('structured timing: days of the week, ranges, named times', () => {
    const repeat = (extra: Record<string, unknown>) => [
      dosage(150, 'mg', { repeat: { frequency: 1, period: 1, periodUnit: 'd', ...extra } }),
    ];
    const bid = { code: { coding: [{ code: 'BID' }] } };
    it.each([
      [
        'dayOfWeek mon, wed, fri of a daily dose',
        repeat({ dayOfWeek: ['mon', 'wed', 'fri'] }),
        (150 * 3) / 7,
      ],
      ['all seven days', repeat({ dayOfWeek: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] }), 150],
      ['a day named twice counts once', repeat({ dayOfWeek: ['mon', 'mon'] }), 150 / 7],
      [
        'BID on weekdays',
        [dosage(50, 'mg', { ...bid, repeat: { dayOfWeek: ['mon', 'tue', 'wed', 'thu', 'fri'] } })],
        (100 * 5) / 7,
      ],
      ['frequencyMax equal to frequency', repeat({ frequencyMax: 1 }), 150],
      ['periodMax equal to period', repeat({ periodMax: 1 }), 150],
      [
        '08:00 and 20:00 without a frequency',
        [dosage(50, 'mg', { repeat: { period: 1, periodUnit: 'd', timeOfDay: ['08:00:00', '20:00:00'] } })],
        100,
      ],
      [
        'MORN and EVE, frequency 2',
        [dosage(50, 'mg', { repeat: { frequency: 2, period: 1, periodUnit: 'd', when: ['MORN', 'EVE'] } })],
        100,
      ],
      ['one named time', repeat({ when: ['MORN'] }), 150],
      ['BID at MORN and EVE', [dosage(50, 'mg', { ...bid, repeat: { when: ['MORN', 'EVE'] } })], 100],
      [
        '3 a day with meals',
        [dosage(50, 'mg', { repeat: { frequency: 3, period: 1, periodUnit: 'd', when: ['C'] } })],
        150,
      ],
    ])('%s', (_label, dosages, expected) => {
      expect(dailyDoseMg(dosages)).toBeCloseTo(expected, 3);
    });

    it.each([
      [
        'dayOfWeek of a weekly period',
        [dosage(150, 'mg', { repeat: { frequency: 1, period: 1, periodUnit: 'wk', dayOfWeek: ['mon'] } })],
      ],
      [
        'dayOfWeek every other day',
        [dosage(150, 'mg', { repeat: { frequency: 1, period: 2, periodUnit: 'd', dayOfWeek: ['mon'] } })],
      ],
      [
        'dayOfWeek with QOD',
        [dosage(150, 'mg', { code: { coding: [{ code: 'QOD' }] }, repeat: { dayOfWeek: ['mon'] } })],
      ],
      ['a day that is not a weekday code', repeat({ dayOfWeek: ['monday'] })],
      ['dayOfWeek that is not a list', repeat({ dayOfWeek: 'mon' })],
      ['frequency 1 to 2 a day', repeat({ frequencyMax: 2 })],
      ['every 1 to 2 days', repeat({ periodMax: 2 })],
      ['once a day at 08:00 and 20:00', repeat({ timeOfDay: ['08:00:00', '20:00:00'] })],
      [
        'QD at MORN and EVE',
        [dosage(50, 'mg', { code: { coding: [{ code: 'QD' }] }, repeat: { when: ['MORN', 'EVE'] } })],
      ],
      [
        'with meals, no frequency',
        [dosage(50, 'mg', { repeat: { period: 1, periodUnit: 'd', when: ['AC'] } })],
      ],
      ['when that is not a list', repeat({ when: 'MORN' })],
    ])('no dose for %s', (_label, dosages) => {
      expect(dailyDoseMg(dosages)).toBeUndefined();
    });
  });

  it('carries the dose on the exposure', () => {
    const record = map(
      medicationRequest({
        dosageInstruction: [dosage(50, 'mg', { repeat: { frequency: 2, period: 1, periodUnit: 'd' } })],
      }),
    );
    expect(record.medications[0]?.dailyDoseMg).toBe(100);
  });
});

describe('other records and failure paths', () => {
  it('excludes topical tacrolimus given as a MedicationAdministration', () => {
    const record = map({
      resourceType: 'MedicationAdministration',
      id: 'adm',
      status: 'completed',
      subject: { reference: `Patient/${PATIENT}` },
      medicationCodeableConcept: { coding: [{ system: RXNORM, code: '42316' }] },
      effectiveDateTime: '2024-02-02',
      dosage: { route: { text: 'Topical' } },
    });
    expect(record.medications).toEqual([]);
    expect(record.dataQuality.map((n) => n.code)).toEqual(['non-systemic-route']);
  });

  it('notes a contained reference that points nowhere', () => {
    const record = map(
      medicationRequest({
        medicationCodeableConcept: undefined,
        medicationReference: { reference: '#missing' },
      }),
    );
    expect(record.medications).toEqual([]);
    expect(record.dataQuality.map((n) => n.code)).toEqual(['unresolved-medication', 'unresolved-medication']);
  });

  it('survives a medicationLookup that throws or returns an invalid Medication', () => {
    const throwing = new PatientRecordBuilder(PATIENT, {
      medicationLookup: () => {
        throw new Error('index closed');
      },
    });
    const invalid = new PatientRecordBuilder(PATIENT, {
      medicationLookup: () => ({ resourceType: 'Medication', code: 'azathioprine' }),
    });
    const request = medicationRequest({
      medicationCodeableConcept: undefined,
      medicationReference: { reference: 'Medication/x' },
    });
    throwing.add(request);
    invalid.add(request);
    expect(throwing.build().dataQuality.map((n) => n.code)).toEqual(['unresolved-medication']);
    expect(invalid.build().dataQuality.map((n) => n.code)).toEqual([
      'invalid-resource',
      'unresolved-medication',
    ]);
  });

  it('notes an invalid MedicationRequest of ours, but not one plainly of another drug', () => {
    const ours = map(medicationRequest({ authoredOn: '10/01/2024' }));
    expect(ours.dataQuality).toEqual([
      expect.objectContaining({ code: 'invalid-resource', resource: 'MedicationRequest/mr-1' }),
    ]);
    expect(ours.dataQuality[0]?.message).toContain('authoredOn');
    const other = map(
      medicationRequest({
        authoredOn: '10/01/2024',
        medicationCodeableConcept: { coding: [{ system: RXNORM, code: '29046', display: 'lisinopril' }] },
      }),
    );
    expect(other.dataQuality).toEqual([]);
  });

  it('build() can be called twice with the same result', () => {
    const builder = new PatientRecordBuilder(PATIENT);
    builder.add(
      medicationRequest({
        medicationCodeableConcept: undefined,
        medicationReference: { reference: 'Medication/late' },
      }),
    );
    builder.add({
      resourceType: 'Medication',
      id: 'late',
      code: { coding: [{ system: RXNORM, code: '1256' }] },
    });
    expect(builder.build()).toEqual(builder.build());
    expect(builder.build().medications).toHaveLength(1);
  });
});
