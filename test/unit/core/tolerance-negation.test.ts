/** Free-text stop reasons (§5) with negation: a negated adverse-effect term is not an intolerance. */
import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import { writtenAsAdverse } from '../../../src/core/stop-reason-text.js';
import { day, med, patient } from './builders.js';

const T = '2024-01-01';
const at = (n: number) => day(T, n);

/** Azathioprine stopped on day 60 with this reason text, assessed on day 100 (within the 90-day window). */
function stoppedWith(reasonText: string) {
  const meds = [
    med('prednisolone', T),
    med('azathioprine', T, { end: at(60), status: 'stopped', reasonText }),
  ];
  return assess(patient({ meds }), { asOf: at(100) });
}

describe('stop-reason wordings of reactions and toxicities (§5)', () => {
  it.each([
    'Stevens-Johnson syndrome',
    'SJS',
    'DRESS',
    'anaphylaxis',
    'hypersensitivity',
    'urticaria',
    'hives',
    'angioedema',
    'itching',
    'pruritus',
    'ADR',
    'drug-induced hepatitis',
    'fever and malaise',
    'headache',
    'mouth ulcers',
    'AKI',
    'renal failure',
    'tremor',
    'hypertension',
    'thrombocytopenia',
  ])('"%s" is an intolerance', (text) => {
    expect(writtenAsAdverse(text)).toBe(true);
  });
});

describe('stop-reason codes of HL7 v3 ActReason (§5)', () => {
  const V3 = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';
  it.each([
    ['SIDEEFFECT', ['azathioprine']],
    ['ALGY', ['azathioprine']],
    ['FIN', []],
  ] as const)('%s: intolerance %j', (code, expected) => {
    const meds = [
      med('prednisolone', T),
      med('azathioprine', T, { end: at(60), status: 'stopped', reasonCodes: [`${V3}|${code}`] }),
    ];
    expect(assess(patient({ meds }), { asOf: at(100) }).intolerance).toEqual(expected);
  });
});

describe('stop-reason text with negation (§5)', () => {
  it.each([
    'No adverse reaction; remission',
    'No adverse reaction',
    'not due to intolerance',
    'remission, no side effects',
    'Without side effects',
    'Patient denies nausea',
    'never any reaction',
    'Ruled out: pancreatitis',
    'no nausea or vomiting',
    'No side effects or nausea',
    'no significant adverse drug reaction',
    'No rash',
    'Tolerated well; remission',
    'Reorder',
    'Therapy completed',
    'Changed to another medication',
    'Switched to mycophenolate',
    'stopped after ten days',
    'No hypersensitivity, no fever',
  ])('"%s" is not an intolerance', (text) => {
    expect(writtenAsAdverse(text)).toBe(false);
  });

  it.each([
    'stopped: intolerance (nausea)',
    'adverse effect: leukopenia',
    'remission; later nausea',
    'no response, leukopenia',
    'no nausea but leukopenia',
    'Drug not tolerated',
    'Not effective and caused nausea',
    'not helping, then severe nausea',
    'No response and leukopenia',
    'Stopped without taper after pancreatitis',
    'Never tolerated: nausea',
    // Stop reasons as clinics write them in discontinue fields
    'Did not tolerate',
    'Pt could not tolerate',
    'Unable to tolerate azathioprine',
    'Poorly tolerated',
    'Rash',
    'Bone marrow suppression',
    'Low WBC',
    'GI upset',
    'Arthralgia',
    'Hair loss',
    'Flu-like illness',
    'Diarrhoea',
  ])('"%s" is an intolerance', (text) => {
    expect(writtenAsAdverse(text)).toBe(true);
  });

  it.each(['No adverse reaction', 'not due to intolerance', 'remission, no side effects'])(
    'a record stopped with "%s": no azathioprine intolerance, no intolerance switch',
    (text) => {
      const a = stoppedWith(text);
      expect(a.intolerance).toEqual([]);
      expect(a.actionableIntolerance).toEqual([]);
      expect(a.dataQuality.map((n) => n.code)).not.toContain('inferred-from-text');
    },
  );

  it.each(['stopped: intolerance (nausea)', 'adverse effect: leukopenia'])(
    'a record stopped with "%s": an actionable azathioprine intolerance inferred from text',
    (text) => {
      const a = stoppedWith(text);
      expect(a.actionableIntolerance).toEqual(['azathioprine']);
      expect(a.dataQuality.map((n) => n.code)).toContain('inferred-from-text');
    },
  );
});
