import { describe, expect, it } from 'vitest';
import { mapPatientResources } from '../../../src/fhir/map.js';
import { PATIENT, RXNORM, dosage, medicationRequest } from './resources.js';

const map = (...resources: unknown[]) => mapPatientResources(resources, { patientId: PATIENT });
const SCD = { system: RXNORM, code: '359228', display: 'azathioprine 50 MG Oral Tablet' };

function statement(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    resourceType: 'MedicationStatement',
    id: 'ms-1',
    status: 'active',
    subject: { reference: `Patient/${PATIENT}` },
    effectivePeriod: { start: '2024-01-10' },
    ...overrides,
  };
}

describe('daily dose, product and dose text on every exposure (rules v2 §1)', () => {
  it('reads the dose from an Epic sig and the strength from the RxNorm product display', () => {
    const record = map(
      medicationRequest({
        medicationCodeableConcept: { coding: [SCD], text: 'azaTHIOprine (IMURAN) 50 MG tablet' },
        dosageInstruction: [{ text: 'TAKE 1 TABLET (50 MG TOTAL) BY MOUTH 2 (TWO) TIMES DAILY' }],
      }),
    );
    expect(record.medications[0]).toMatchObject({
      ingredient: 'azathioprine',
      dailyDoseMg: 100,
      product: { codes: [`${RXNORM}|359228`], strengthMg: 50 },
      doseText: 'TAKE 1 TABLET (50 MG TOTAL) BY MOUTH 2 (TWO) TIMES DAILY',
    });
    expect(record.dataQuality).toEqual([]);
  });

  it('counts tablets against a Tall-Man product name written only as text', () => {
    const record = map(
      medicationRequest({
        medicationCodeableConcept: { text: 'AzaTHIOprine 50 mg tab' },
        dosageInstruction: [{ patientInstruction: 'take 1.5 tablets daily' }],
      }),
    );
    expect(record.medications[0]).toMatchObject({
      dailyDoseMg: 75,
      product: { codes: [], strengthMg: 50 },
      doseText: 'take 1.5 tablets daily',
    });
  });

  it('reads MedicationStatement.dosage.text', () => {
    const record = map(
      statement({
        medicationCodeableConcept: { coding: [SCD] },
        dosage: [{ text: '100mg mane 50mg nocte' }],
      }),
    );
    expect(record.medications[0]?.dailyDoseMg).toBe(150);
  });

  it('keeps the structured dose first and renders it as the dose text', () => {
    const record = map(
      medicationRequest({
        dosageInstruction: [dosage(50, 'mg', { code: { coding: [{ code: 'BID' }] } })],
      }),
    );
    expect(record.medications[0]).toMatchObject({ dailyDoseMg: 100, doseText: '50 mg, 2 times a day' });
  });

  it('structured dose wins over a sig that says otherwise', () => {
    const structured = dosage(50, 'mg', { repeat: { frequency: 1, period: 1, periodUnit: 'd' } });
    const record = map(
      medicationRequest({ dosageInstruction: [{ ...structured, text: 'Take 150 mg by mouth daily' }] }),
    );
    expect(record.medications[0]?.dailyDoseMg).toBe(50);
  });

  it('takes the midpoint of a structured dose range', () => {
    const record = map(
      medicationRequest({
        dosageInstruction: [
          {
            timing: { code: { coding: [{ code: 'QD' }] } },
            doseAndRate: [
              { doseRange: { low: { value: 50, unit: 'mg' }, high: { value: 100, unit: 'mg' } } },
            ],
          },
        ],
      }),
    );
    expect(record.medications[0]?.dailyDoseMg).toBe(75);
  });

  it('notes dose-unknown on an azathioprine record whose sig cannot be read, in clinical words', () => {
    const record = map(
      medicationRequest({
        medicationCodeableConcept: { coding: [SCD] },
        dosageInstruction: [{ text: 'as directed' }],
      }),
    );
    expect(record.medications[0]?.dailyDoseMg).toBeUndefined();
    expect(record.medications[0]?.doseText).toBe('as directed');
    expect(record.dataQuality).toEqual([
      {
        code: 'dose-unknown',
        resource: 'MedicationRequest/mr-1',
        message: expect.stringMatching(/daily azathioprine dose .*"as directed"/),
      },
    ]);
  });

  it('gives no dose when the sig text and the patient instruction disagree', () => {
    const record = map(
      medicationRequest({
        medicationCodeableConcept: { coding: [SCD] },
        dosageInstruction: [{ text: '1 tab BID', patientInstruction: 'take 1 tablet daily' }],
      }),
    );
    expect(record.medications[0]?.dailyDoseMg).toBeUndefined();
    expect(record.dataQuality.map((n) => n.code)).toEqual(['dose-unknown']);
  });

  it('raises no dose note for other drugs', () => {
    const record = map(
      medicationRequest({
        medicationCodeableConcept: { coding: [{ system: RXNORM, code: '8638', display: 'prednisolone' }] },
        dosageInstruction: [{ text: 'as directed' }],
      }),
    );
    expect(record.medications[0]).toMatchObject({ ingredient: 'prednisolone', product: { codes: [] } });
    expect(record.dataQuality).toEqual([]);
  });

  it('resolves the strength from a referenced Medication seen later in the export', () => {
    const record = map(
      medicationRequest({
        medicationCodeableConcept: undefined,
        medicationReference: { reference: 'Medication/aza' },
        dosageInstruction: [{ text: '2 tabs po qod' }],
      }),
      { resourceType: 'Medication', id: 'aza', code: { coding: [SCD] } },
    );
    expect(record.medications[0]).toMatchObject({
      dailyDoseMg: 50,
      product: { codes: [`${RXNORM}|359228`], strengthMg: 50 },
    });
  });
});

describe('the CLI path reads the same dose', () => {
  it('a Medication from the export index still names its strength', async () => {
    const { MedicationIndex } = await import('../../../src/cli/medication-index.js');
    const { PatientRecordBuilder } = await import('../../../src/fhir/map.js');
    const index = new MedicationIndex();
    index.add({ resourceType: 'Medication', id: 'aza', code: { coding: [SCD] } });
    const builder = new PatientRecordBuilder(PATIENT, { medicationLookup: (ref) => index.lookup(ref) });
    builder.add(
      medicationRequest({
        medicationCodeableConcept: undefined,
        medicationReference: { reference: 'Medication/aza' },
        dosageInstruction: [{ text: '1 tab BID' }],
      }),
    );
    expect(builder.build().medications[0]).toMatchObject({
      dailyDoseMg: 100,
      product: { codes: [`${RXNORM}|359228`], strengthMg: 50 },
      doseText: '1 tab BID',
    });
  });
});
