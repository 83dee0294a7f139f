/**
 * Rules v2 §8: text on the card speaks to the patient in front of the clinician. No pregnancy or
 * contraception text for a man or a woman over 50; it stays for a woman of 12–50 and when sex or age
 * is unknown (reproductive-potential is then raised: it only adds counselling).
 */
import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import type { Assessment, PatientRecord, PregnancyStatus } from '../../../src/core/types.js';
import { allergy, day, lab, med, metabolite, patient, recommendation } from './builders.js';

const T = '2024-01-01';
const at = (n: number) => day(T, n);
const AS_OF = at(200);

type Who = { gender?: PatientRecord['gender']; birthDate?: string };

/** Actionable azathioprine intolerance: switch-to-mmf is suggested. */
function mmfCase(who: Who): Assessment {
  const record = patient({
    meds: [med('prednisolone', T), med('azathioprine', T)],
    intolerances: [allergy('azathioprine')],
  });
  return assess({ ...record, ...who }, { asOf: AS_OF });
}

/** Insufficient response with 6-MMP raised: add-allopurinol is suggested. */
function allopurinolCase(who: Who, pregnancyStatus: PregnancyStatus[] = []): Assessment {
  const record = patient({
    pregnancyStatus,
    meds: [med('prednisolone', T), med('azathioprine', T, { dose: 100 })],
    labs: [
      lab('alt', at(160), 100),
      lab('ast', at(160), 60),
      lab('igg', at(160), 20),
      metabolite('tgn6', at(170), 150),
      metabolite('mmp6', at(170), 8000),
    ],
  });
  return assess({ ...record, ...who }, { asOf: AS_OF });
}

const cardText = (a: Assessment) => JSON.stringify(a.card);
// Age on the as-of date (2024-07-19): born 1974-01-01 is 50, born 1973-01-01 is 51.
const MAN_40 = { gender: 'male', birthDate: '1984-01-01' } as const;
const WOMAN_50 = { gender: 'female', birthDate: '1974-01-01' } as const;
const WOMAN_51 = { gender: 'female', birthDate: '1973-01-01' } as const;

describe('contraception counselling only with reproductive-potential', () => {
  it('v1 behaviour gone: a man is not told to counsel on contraception before mycophenolate', () => {
    const a = mmfCase(MAN_40);
    expect(recommendation(a, 'switch-to-mmf')?.status).toBe('suggested');
    expect(a.safetyFlags).not.toContain('reproductive-potential');
    expect(cardText(a)).not.toMatch(/contracep|teratogen|pregnan/i);
  });

  it('a woman of 51: no contraception text', () => {
    const a = mmfCase(WOMAN_51);
    expect(recommendation(a, 'switch-to-mmf')?.text).not.toMatch(/contracep/i);
    expect(cardText(a)).not.toMatch(/contracep|teratogen|pregnan/i);
  });

  it('a woman of 50: the contraception text stays', () => {
    const a = mmfCase(WOMAN_50);
    expect(a.safetyFlags).toContain('reproductive-potential');
    expect(recommendation(a, 'switch-to-mmf')?.text).toMatch(/teratogenic: counsel on contraception/);
  });

  it('sex unknown: the contraception text stays (the conservative reading)', () => {
    expect(recommendation(mmfCase({ gender: 'unknown' }), 'switch-to-mmf')?.text).toMatch(/contraception/);
  });
});

describe('"contraindicated in pregnancy" only where pregnancy is possible', () => {
  it('v1 behaviour gone: a man is not told allopurinol is contraindicated in pregnancy', () => {
    const a = allopurinolCase(MAN_40);
    expect(recommendation(a, 'add-allopurinol')?.status).toBe('suggested');
    expect(cardText(a)).not.toMatch(/pregnan/i);
  });

  it('a woman of 51: no pregnancy text', () => {
    expect(cardText(allopurinolCase(WOMAN_51))).not.toMatch(/pregnan/i);
  });

  it('a woman of 50: the text stays', () => {
    expect(recommendation(allopurinolCase(WOMAN_50), 'add-allopurinol')?.text).toMatch(
      /contraindicated in pregnancy/,
    );
  });

  it('a pregnant woman: blocked, and the text says why', () => {
    const pregnant = allopurinolCase(WOMAN_50, [
      { ref: 'Observation/preg', effective: at(190), pregnant: true },
    ]);
    const r = recommendation(pregnant, 'add-allopurinol');
    expect(r?.status).toBe('blocked');
    expect(r?.text).toMatch(/contraindicated in pregnancy/);
  });
});
