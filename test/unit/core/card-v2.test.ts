/**
 * Rules v2 §8 on the card: add-allopurinol proposes allopurinol and the reduced azathioprine order in
 * one suggestion; every proposed resource carries the decision identifier, which depends on patient,
 * recommendation and Tline only (not on the as-of date).
 */
import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import { cdsCardSchema } from '../../../src/core/card-schema.js';
import {
  DECISION_IDENTIFIER_SYSTEM,
  decisionIdentifierValue,
  decisionUuid,
} from '../../../src/core/decision-id.js';
import type { Assessment, CdsSuggestion, LabResult, MedicationExposure } from '../../../src/core/types.js';
import { day, lab, med, metabolite, patient } from './builders.js';

const T = '2024-01-01';
const at = (n: number) => day(T, n);

const labs = (mmp6: number): LabResult[] => [
  lab('alt', at(160), 100),
  lab('ast', at(160), 60),
  lab('igg', at(160), 20),
  metabolite('tgn6', at(170), 150),
  metabolite('mmp6', at(170), mmp6),
  lab('weight', at(150), 70),
];
const run = (meds: MedicationExposure[], mmp6 = 8000, asOfDay = 200, id = 'p1'): Assessment =>
  assess(patient({ id, meds: [med('prednisolone', T), ...meds], labs: labs(mmp6) }), { asOf: at(asOfDay) });
const allopurinolSuggestion = (a: Assessment): CdsSuggestion | undefined =>
  a.card.suggestions?.find((s) => s.label.startsWith('Add allopurinol'));
const resourceOf = (s: CdsSuggestion | undefined, i: number) =>
  s?.actions[i]?.resource as Record<string, any>;

describe('add-allopurinol: two drafts in one suggestion (v2 §6/§8)', () => {
  it('v1 behaviour gone: allopurinol is never proposed alone; the azathioprine order at 25 % comes with it', () => {
    const one = med('azathioprine', T, { dose: 150 });
    const a = run([one]);
    expect(cdsCardSchema.safeParse(a.card).success).toBe(true);
    const s = allopurinolSuggestion(a);
    expect(s?.actions.map((x) => x.type)).toEqual(['create', 'create']);
    const [allopurinol, azathioprine] = [resourceOf(s, 0), resourceOf(s, 1)];
    expect(allopurinol.medicationCodeableConcept.coding[0].code).toBe('519');
    expect(azathioprine).toMatchObject({
      resourceType: 'MedicationRequest',
      status: 'draft',
      intent: 'proposal',
      subject: { reference: 'Patient/p1' },
      medicationCodeableConcept: { coding: [{ code: '1256' }] },
      priorPrescription: { reference: one.ref },
      dosageInstruction: [
        {
          text: 'Azathioprine 25 mg daily (25% of the current 150 mg/day, with allopurinol)',
          doseAndRate: [{ doseQuantity: { value: 25, unit: 'mg', code: 'mg' } }],
        },
      ],
    });
    expect(azathioprine.note[0].text).toContain(`Replaces the current order ${one.ref}`);
    expect(s?.actions[1]?.description).toContain(one.ref);
  });

  it('two current orders (100 + 75 mg): 50 mg/day, both named, no priorPrescription', () => {
    const orders = [med('azathioprine', T, { dose: 100 }), med('azathioprine', at(50), { dose: 75 })];
    const azathioprine = resourceOf(allopurinolSuggestion(run(orders)), 1);
    expect(azathioprine.dosageInstruction[0].doseAndRate[0].doseQuantity.value).toBe(50);
    expect(azathioprine.note[0].text).toContain(`${orders[0]!.ref}, ${orders[1]!.ref}`);
    expect('priorPrescription' in azathioprine).toBe(false);
  });

  it('current dose unknown: the azathioprine draft carries dose text only, no number', () => {
    const azathioprine = resourceOf(allopurinolSuggestion(run([med('azathioprine', T)])), 1);
    expect(azathioprine.dosageInstruction).toHaveLength(1);
    expect(Object.keys(azathioprine.dosageInstruction[0])).toEqual(['text']);
    expect(azathioprine.dosageInstruction[0].text).not.toMatch(/\d/);
    expect(azathioprine.dosageInstruction[0].text).toMatch(/one quarter of the current dose/);
  });

  it('a current MedicationStatement is named but is no priorPrescription', () => {
    const statement = { ...med('azathioprine', T, { dose: 100 }), ref: 'MedicationStatement/s1' };
    statement.source = 'MedicationStatement';
    const azathioprine = resourceOf(allopurinolSuggestion(run([statement])), 1);
    expect('priorPrescription' in azathioprine).toBe(false);
    expect(azathioprine.note[0].text).toContain('MedicationStatement/s1');
  });
});

describe('decision identifiers on every proposed resource (v2 §8)', () => {
  const everyResource = (a: Assessment) =>
    (a.card.suggestions ?? []).flatMap((s) => s.actions.map((x) => x.resource as Record<string, any>));

  it('each resource carries urn:aih-navigator:decision with patient, recommendation and Tline; parts differ', () => {
    const a = run([med('azathioprine', T, { dose: 100 })]);
    const decision = decisionUuid('p1', 'add-allopurinol', a.explanation.tLine);
    const [allopurinol, azathioprine] = [
      resourceOf(allopurinolSuggestion(a), 0),
      resourceOf(allopurinolSuggestion(a), 1),
    ];
    expect(allopurinol.identifier).toEqual([
      { system: DECISION_IDENTIFIER_SYSTEM, value: decisionIdentifierValue(decision, 'allopurinol') },
    ]);
    expect(azathioprine.identifier).toEqual([
      { system: DECISION_IDENTIFIER_SYSTEM, value: decisionIdentifierValue(decision, 'azathioprine') },
    ]);
    for (const r of everyResource(a)) expect(r.identifier?.[0]?.system).toBe(DECISION_IDENTIFIER_SYSTEM);
  });

  it('the metabolite ServiceRequest has part "metabolites"', () => {
    const l = [lab('alt', at(160), 100), lab('ast', at(160), 60), lab('igg', at(160), 20)];
    const a = assess(
      patient({ meds: [med('prednisolone', T), med('azathioprine', T, { dose: 100 })], labs: l }),
      {
        asOf: at(200),
      },
    );
    const sr = everyResource(a).find((r) => r.resourceType === 'ServiceRequest');
    expect(sr?.identifier).toEqual([
      {
        system: DECISION_IDENTIFIER_SYSTEM,
        value: decisionIdentifierValue(
          decisionUuid('p1', 'measure-thiopurine-metabolites', T),
          'metabolites',
        ),
      },
    ]);
  });

  it('the same chart on another as-of day gives the same identifiers; another patient other ones', () => {
    const meds = [med('azathioprine', T, { dose: 100 })];
    const ids = (a: Assessment) => everyResource(a).map((r) => r.identifier[0].value);
    const day200 = ids(run(meds, 8000, 200));
    expect(day200.length).toBeGreaterThan(0);
    expect(ids(run(meds, 8000, 230))).toEqual(day200);
    expect(ids(run(meds, 8000, 200, 'p2'))).not.toEqual(day200);
  });
});
