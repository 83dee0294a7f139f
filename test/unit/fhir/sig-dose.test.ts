import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { strengthFromNames } from '../../../src/fhir/map/product-strength.js';
import { dailyDoseFromSig } from '../../../src/fhir/map/sig-dose.js';

/** [sig, strength of one tablet from the product name (mg), expected daily dose (mg) or undefined]. */
const SIGS: [string, number | undefined, number | undefined][] = [
  // Epic styles
  ['TAKE 1 TABLET (50 MG TOTAL) BY MOUTH 2 (TWO) TIMES DAILY', 50, 100],
  ['TAKE 3 TABLETS (150 MG TOTAL) BY MOUTH DAILY', 50, 150],
  ['Take 1 tablet (50 mg total) by mouth daily.', undefined, 50],
  ['Take 2 tablets (100 mg total) by mouth once daily.', 50, 100],
  ['Take 1.5 tablets (75 mg total) by mouth daily', 50, 75],
  ['Take 150 mg by mouth daily', undefined, 150],
  ['Take 150 mg by mouth daily.', 50, 150],
  ['take 1.5 tablets daily', 50, 75],
  ['Take one and a half tablets by mouth every day', 50, 75],
  ['Take ½ tablet by mouth daily', 50, 25],
  ['TAKE 1 AND 1/2 TABLETS BY MOUTH DAILY', 50, 75],
  ['Take 1 1/2 tablets by mouth every day', 50, 75],
  ['TAKE ONE TABLET BY MOUTH EVERY DAY', 100, 100],
  ['Take 2.5 tablets (125 mg total) by mouth daily', 50, 125],
  ['Take 150 mg by mouth once daily in the morning', undefined, 150],
  ['azathioprine 50 mg tablet: take 3 tablets daily', undefined, 150],
  ['150mg/day', undefined, 150],
  ['1 PO BID', 50, undefined],
  ['take half a tablet twice daily', 50, 50],
  ['Take 2 tablets by mouth 2 times a day', 50, 200],
  ['Take two tablets by mouth two times daily', 25, 100],
  ['Take 1 tablet by mouth every other day', 50, 25],
  ['Take 1 tablet by mouth daily at bedtime', 75, 75],
  ['Take 100 mg by mouth nightly', undefined, 100],
  // Oracle / PowerChart styles
  ['50 mg, Oral, BID', undefined, 100],
  ['1 tab, PO, BID', 50, 100],
  ['100 mg, PO, qDay', undefined, 100],
  ['1 tab(s) orally once a day', 50, 50],
  ['2 tab(s) orally 3 times a day', 25, 150],
  ['150 mg = 3 tab, Oral, Daily', 50, 150],
  ['150 mg = 3 tab, Oral, Daily', 25, undefined],
  // Short forms and UK/Australian styles
  ['1 tab BID', 50, 100],
  ['1 tab BID', undefined, undefined],
  ['50 mg tablet, take 3 daily', undefined, 150],
  ['50 mg tablet, 3 daily', undefined, 150],
  ['2 x 50mg od', undefined, 100],
  ['2x50mg od', undefined, 100],
  ['50mg x 2 daily', undefined, 100],
  ['100mg mane 50mg nocte', undefined, 150],
  ['100 mg in the morning and 50 mg at night', undefined, 150],
  ['mane 100mg, nocte 50mg', undefined, 150],
  ['1 tablet morning and evening', 50, 100],
  ['50 mg b.i.d.', undefined, 100],
  ['25 mg q.d.s.', undefined, 100],
  ['25 mg t.d.s.', undefined, 75],
  ['50 mg b.d.', undefined, 100],
  ['25 mg qds', undefined, 100],
  ['25 mg tid', undefined, 75],
  ['25mg QID', undefined, 100],
  ['1 g twice a day', undefined, 2000],
  ['500 mg every 12 hours', undefined, 1000],
  ['75 mg q.d.', undefined, 75],
  ['50 mg qd', undefined, 50],
  ['50 mg once a day', undefined, 50],
  ['2 tabs po qod', 50, 50],
  // No dose: no frequency, conflicting frequencies, ranges, tapers, judgement
  ['as directed', 50, undefined],
  ['Take 50 mg by mouth', undefined, undefined],
  ['Take 1 tablet', 50, undefined],
  ['50 mg daily bid', undefined, undefined],
  ['1-2 tablets daily', 50, undefined],
  ['50-100 mg daily', undefined, undefined],
  ['1 to 2 tabs bid', 50, undefined],
  ['Take 50 mg daily or as directed', undefined, undefined],
  ['Take 1 or 2 tablets by mouth daily', 50, undefined],
  ['Take 50 mg or 100 mg by mouth daily', undefined, undefined],
  ['Take 1 tablet by mouth daily or every other day', 50, undefined],
  ['Take 100 mg daily for 2 weeks then 50 mg daily', undefined, undefined],
  ['Taper: 40 mg daily, decrease by 5 mg each week', undefined, undefined],
  ['50 mg daily as needed', undefined, undefined],
  ['2 mg/kg daily', undefined, undefined],
  ['50 mg weekly', undefined, undefined],
  ['Take 1 tablet daily. Dispense 90', 50, undefined],
  ['100 mg daily and 50 mg at night', undefined, undefined],
  ['Take 2 tablets (100 mg) daily', 25, undefined],
  ['', 50, undefined],
  // A second amount beside Epic's "(50 mg total)" is a second dose, not the same one: no dose, never the first alone
  ['TAKE 1 TABLET (50 MG TOTAL) BY MOUTH DAILY AND 2 TABLETS AT BEDTIME', 50, undefined],
  ['Take 1 tablet (50 mg total) by mouth daily. Take 1/2 tablet on weekends', 50, undefined],
  [
    'Take 1 tablet (50 mg total) by mouth daily (Patient taking differently: Take 100 mg by mouth daily)',
    50,
    undefined,
  ],
  ['Take 1 tablet (50 mg total) by mouth daily in the morning', 50, 50],
  // "or" between words, not amounts, leaves the dose alone
  ['Take 1 tablet (50 mg total) by mouth daily with food or milk', 50, 50],
  ['Take 2 tablets (100 mg total) by mouth or per G-tube daily', 50, 100],
  // Named weekdays are a weekly schedule, not a daily one
  ['Take 50 mg by mouth 2 times a day Monday-Friday', undefined, undefined],
  ['Take 1 tablet (50 mg total) by mouth daily. Do not take on Sundays.', 50, undefined],
  ['Take 100 mg by mouth daily except weekends', undefined, undefined],
  // Epic echoes every number in words, twelve included
  ['Take 1 tablet (500 mg total) by mouth every 12 (twelve) hours', 500, 1000],
  ['Take 1 tablet (25 mg total) by mouth every 8 (eight) hours', 25, 75],
];

describe('daily dose from the sig text (rules v2 §1 step 2)', () => {
  it.each(SIGS)('%j with a %s mg product → %s mg/day', (sig, strength, expected) => {
    expect(dailyDoseFromSig(sig, strength)).toBe(expected);
  });
});

describe('strength of one tablet from the product name', () => {
  it.each<[string[], number | undefined]>([
    [['azathioprine 50 MG Oral Tablet'], 50],
    [['AzaTHIOprine 50 mg tab'], 50],
    [['AZATHIOPRINE 75MG TABLET', 'azathioprine'], 75],
    [['mycophenolate mofetil 0.5 g tablet'], 500],
    [['azathioprine'], undefined],
    [['azathioprine 50 MG Oral Tablet', 'azathioprine 25 MG Oral Tablet'], undefined],
    [['mercaptopurine 20 MG/ML Oral Suspension'], undefined],
  ])('%j → %s', (names, expected) => {
    expect(strengthFromNames(names)).toBe(expected);
  });
});

const FREQUENCIES: [string, number][] = [
  ['daily', 1],
  ['once daily', 1],
  ['every day', 1],
  ['once a day', 1],
  ['qd', 1],
  ['OD', 1],
  ['bid', 2],
  ['BID', 2],
  ['twice daily', 2],
  ['2 times a day', 2],
  ['two times daily', 2],
  ['tid', 3],
  ['three times daily', 3],
  ['qid', 4],
  ['every other day', 0.5],
  ['qod', 0.5],
];

describe('sig properties', () => {
  const frequency = fc.constantFrom(...FREQUENCIES);
  const mg = fc.integer({ min: 1, max: 400 }).map((n) => n * 2.5);
  const lead = fc.constantFrom('', 'Take ', 'take ', 'TAKE ', 'Give ');
  const route = fc.constantFrom('', ' by mouth', ' orally', ' PO', ', Oral,');

  it('a sig built from a dose in mg and a frequency parses back to that daily dose', () => {
    fc.assert(
      fc.property(lead, mg, route, frequency, (l, dose, r, [word, perDay]) => {
        const sig = `${l}${dose} mg${r} ${word}`;
        expect(dailyDoseFromSig(sig)).toBeCloseTo(dose * perDay, 6);
      }),
    );
  });

  it('a sig counting tablets parses back to tablets × strength × frequency', () => {
    const tablets = fc.constantFrom(0.5, 1, 1.5, 2, 3, 4);
    const strength = fc.constantFrom(25, 50, 75, 100);
    fc.assert(
      fc.property(lead, tablets, route, frequency, strength, (l, count, r, [word, perDay], s) => {
        const sig = `${l}${count} tablets${r} ${word}`;
        expect(dailyDoseFromSig(sig, s)).toBeCloseTo(count * s * perDay, 6);
      }),
    );
  });

  it('doses written for each time of day add up to the day', () => {
    const times = fc.constantFrom(
      ['mane', 'nocte'],
      ['in the morning', 'at night'],
      ['every morning', 'at bedtime'],
    );
    fc.assert(
      fc.property(mg, mg, times, (morning, night, [am, pm]) => {
        expect(dailyDoseFromSig(`${morning} mg ${am} and ${night} mg ${pm}`)).toBeCloseTo(morning + night, 6);
      }),
    );
  });

  it('text that names no frequency gives no dose', () => {
    const words = fc.constantFrom(
      'take',
      'tablet',
      'tablets',
      'by',
      'mouth',
      'with',
      'food',
      'as',
      'directed',
      'mg',
      'azathioprine',
    );
    const text = fc.array(fc.oneof(words, fc.integer({ min: 1, max: 500 }).map(String)), { maxLength: 8 });
    fc.assert(
      fc.property(text, fc.option(fc.constantFrom(25, 50)), (parts, strength) => {
        expect(dailyDoseFromSig(parts.join(' '), strength ?? undefined)).toBeUndefined();
      }),
    );
  });

  it('two different frequencies give no dose', () => {
    fc.assert(
      fc.property(mg, frequency, frequency, (dose, [a, perA], [b, perB]) => {
        fc.pre(perA !== perB);
        expect(dailyDoseFromSig(`${dose} mg ${a} ${b}`)).toBeUndefined();
      }),
    );
  });
});

describe('a sig read again', () => {
  it('gives the dose of its own strength each time, however often and in whatever order it is read', () => {
    for (let round = 0; round < 3; round += 1) {
      expect(dailyDoseFromSig('2 tablets twice daily', 50)).toBe(200);
      expect(dailyDoseFromSig('2 tablets twice daily', 25)).toBe(100);
      expect(dailyDoseFromSig('2 tablets twice daily')).toBeUndefined();
      expect(dailyDoseFromSig('2 tablets twice daily', 2.5)).toBe(10);
    }
  });
});
