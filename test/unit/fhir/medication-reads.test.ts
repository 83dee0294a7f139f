/**
 * Medication records read through the mapper: RxNorm product codes without display, brand names in
 * text, MedicationRequest intents that are not orders, and structured timing (clinical-rules.md §1).
 */
import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import { mapPatientResources } from '../../../src/fhir/map.js';
import { PATIENT, RXNORM, SNOMED, condition, dosage, medicationRequest } from './resources.js';

const map = (...resources: unknown[]) => mapPatientResources(resources, { patientId: PATIENT });
const codes = (record: ReturnType<typeof map>) => record.dataQuality.map((n) => n.code);
const byText = (text: string) => ({ medicationCodeableConcept: { text } });
const byCode = (code: string) => ({ medicationCodeableConcept: { coding: [{ system: RXNORM, code }] } });
const aih = condition({ system: SNOMED, code: '408335007' });

describe('RxNorm product code without display', () => {
  it('azathioprine 50 MG Oral Tablet sent as code 197388 is azathioprine, and its strength counts tablets', () => {
    const record = map(
      medicationRequest({ ...byCode('197388'), dosageInstruction: [{ text: 'Take 2 tablets daily' }] }),
    );
    expect(record.medications).toEqual([
      expect.objectContaining({ ingredient: 'azathioprine', matchedBy: 'rxnorm', dailyDoseMg: 100 }),
    ]);
  });

  it('a code-only Protopic ointment is tacrolimus given topically: noted, not an exposure', () => {
    const record = map(medicationRequest(byCode('284520')));
    expect(record.medications).toEqual([]);
    expect(codes(record)).toEqual(['non-systemic-route']);
  });

  it('an RxNorm code that is not listed and has no display is still nothing of ours', () => {
    expect(map(medicationRequest(byCode('0000000'))).medications).toEqual([]);
  });

  it('a patient whose tacrolimus is coded by product only is on it (prior-tacrolimus)', () => {
    const record = map(aih, medicationRequest({ id: 'tac', ...byCode('198377') }));
    expect(assess(record, { asOf: '2024-06-01' }).safetyFlags).toContain('prior-tacrolimus');
  });
});

describe('brand names in text-only medications', () => {
  it('"Imuran 50 mg tablet" is azathioprine, flagged as a text match', () => {
    const record = map(medicationRequest(byText('Imuran 50 mg tablet')));
    expect(record.medications).toEqual([
      expect.objectContaining({ ingredient: 'azathioprine', matchedBy: 'text' }),
    ]);
    expect(codes(record)).toContain('ingredient-from-text');
  });

  it.each(['Protopic 0.1% ointment', 'Pulmicort Flexhaler', 'Uceris rectal foam'])(
    '"%s" is recognised and excluded by route, with a note',
    (text) => {
      const record = map(medicationRequest(byText(text)));
      expect(record.medications).toEqual([]);
      expect(codes(record)).toEqual(['non-systemic-route']);
    },
  );

  it('"Entocort EC 3 mg capsule" is budesonide therapy', () => {
    expect(map(medicationRequest(byText('Entocort EC 3 mg capsule'))).medications).toEqual([
      expect.objectContaining({ ingredient: 'budesonide', matchedBy: 'text' }),
    ]);
  });
});

describe('MedicationRequest.intent', () => {
  it.each(['proposal', 'option'])('intent %s is not an exposure, and says so', (intent) => {
    const record = map(medicationRequest({ intent }));
    expect(record.medications).toEqual([]);
    expect(record.dataQuality).toEqual([
      expect.objectContaining({
        code: 'excluded-status',
        resource: 'MedicationRequest/mr-1',
        message: expect.stringContaining(`intent "${intent}"`),
      }),
    ]);
  });

  it.each([
    'plan',
    'order',
    'original-order',
    'reflex-order',
    'filler-order',
    'instance-order',
    'directive',
    undefined,
  ])('intent %s is an exposure', (intent) => {
    const record = map(medicationRequest({ intent }));
    expect(record.medications).toEqual([expect.objectContaining({ ingredient: 'azathioprine' })]);
    expect(codes(record)).not.toContain('excluded-status');
  });

  it("the app's own draft (status draft, intent proposal) is read as before: a draft, never taken", () => {
    const record = map(
      medicationRequest({
        status: 'draft',
        intent: 'proposal',
        identifier: [{ system: 'urn:aih-navigator:decision', value: 'pt-1:switch-to-mmf:x' }],
      }),
    );
    expect(record.medications).toEqual([expect.objectContaining({ status: 'draft' })]);
    expect(codes(record)).not.toContain('excluded-status');
  });

  it('a proposed tacrolimus is not a line of therapy: no prior-tacrolimus', () => {
    const tacrolimus = medicationRequest({ id: 'tac', intent: 'proposal', ...byCode('198377') });
    const ordered = medicationRequest({ id: 'tac', ...byCode('198377') });
    expect(assess(map(aih, tacrolimus), { asOf: '2024-06-01' }).safetyFlags).not.toContain(
      'prior-tacrolimus',
    );
    expect(assess(map(aih, ordered), { asOf: '2024-06-01' }).safetyFlags).toContain('prior-tacrolimus');
  });
});

describe('structured timing through the mapper', () => {
  const daily = { frequency: 1, period: 1, periodUnit: 'd' };
  const doseOf = (timing: Record<string, unknown>) =>
    map(medicationRequest({ dosageInstruction: [dosage(150, 'mg', timing)] })).medications[0]?.dailyDoseMg;

  it('150 mg once a day on mon, wed, fri is 150 × 3/7 mg/day', () => {
    expect(doseOf({ repeat: { ...daily, dayOfWeek: ['mon', 'wed', 'fri'] } })).toBeCloseTo(64.286, 3);
  });

  it('1–2 a day gives no dose and a dose-unknown note', () => {
    const record = map(
      medicationRequest({ dosageInstruction: [dosage(50, 'mg', { repeat: { ...daily, frequencyMax: 2 } })] }),
    );
    expect(record.medications[0]?.dailyDoseMg).toBeUndefined();
    expect(codes(record)).toContain('dose-unknown');
  });
});
