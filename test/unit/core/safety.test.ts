import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import type { Assessment } from '../../../src/core/types.js';
import { cond, day, firstLine, lab, med, patient, pregnancyObs, type PatientParts } from './builders.js';

const T = '2024-01-01';
const AS_OF = '2024-06-15';
const before = (n: number) => day(AS_OF, -n);

/** A patient with AIH on first line since T, assessed on AS_OF. */
function flagsOf(parts: PatientParts = {}): Assessment['safetyFlags'] {
  return assess(patient({ meds: firstLine(T), ...parts }), { asOf: AS_OF }).safetyFlags;
}

describe('pregnancy (§7)', () => {
  it('an active pregnancy condition raises pregnancy', () => {
    expect(flagsOf({ conditions: [cond('aih'), cond('pregnancy')] })).toContain('pregnancy');
  });

  it('a refuted pregnancy condition does not', () => {
    expect(
      flagsOf({ conditions: [cond('aih'), cond('pregnancy', { verificationStatus: 'refuted' })] }),
    ).not.toContain('pregnancy');
  });

  it('a pregnancy-status Observation "pregnant" 8 months ago raises pregnancy', () => {
    expect(flagsOf({ pregnancyStatus: [pregnancyObs(before(243), true)] })).toContain('pregnancy');
  });

  it('a pregnancy-status Observation "pregnant" 10 months ago does not', () => {
    expect(flagsOf({ pregnancyStatus: [pregnancyObs(before(305), true)] })).not.toContain('pregnancy');
  });

  it('a pregnancy-status Observation "not pregnant" does not', () => {
    expect(flagsOf({ pregnancyStatus: [pregnancyObs(before(10), false)] })).not.toContain('pregnancy');
  });
});

describe('reproductive-potential (§7): female aged 12–50, not pregnant', () => {
  it.each([
    ['2012-06-15', 12, true],
    ['2012-06-16', 11, false],
    ['1974-06-15', 50, true],
    ['1973-06-15', 51, false],
    ['1990-01-01', 34, true],
  ] as const)('a woman born %s (aged %d on the as-of date): %s', (birthDate, _age, flagged) => {
    expect(flagsOf({ gender: 'female', birthDate }).includes('reproductive-potential')).toBe(flagged);
  });

  it('a man aged 34 has no reproductive-potential flag', () => {
    expect(flagsOf({ gender: 'male', birthDate: '1990-01-01' })).not.toContain('reproductive-potential');
  });

  it('a pregnant woman aged 34 has pregnancy, not reproductive-potential', () => {
    const flags = flagsOf({
      gender: 'female',
      birthDate: '1990-01-01',
      conditions: [cond('aih'), cond('pregnancy')],
    });
    expect(flags).toContain('pregnancy');
    expect(flags).not.toContain('reproductive-potential');
  });
});

describe('egfr-below-60 (§7): latest eGFR < 60 within 12 months', () => {
  it('eGFR 59.9 last month raises the flag', () => {
    expect(flagsOf({ labs: [lab('egfr', before(30), 59.9)] })).toContain('egfr-below-60');
  });

  it.each([
    'mL/min/1.73 m^2',
    'mL/min/1.73m²',
    'mL/min/1.73 m²',
    'mL/min/1.73sq.m',
    'mL/min/1.73m*2',
    'mL/min/{1.73m2}',
  ])('eGFR 59 in %s raises the flag; 60 does not', (unit) => {
    expect(flagsOf({ labs: [lab('egfr', before(30), 59, { unit })] })).toContain('egfr-below-60');
    expect(flagsOf({ labs: [lab('egfr', before(30), 60, { unit })] })).not.toContain('egfr-below-60');
  });

  it('eGFR 60 last month does not', () => {
    expect(flagsOf({ labs: [lab('egfr', before(30), 60)] })).not.toContain('egfr-below-60');
  });

  it('eGFR 59.9 ten months ago raises the flag', () => {
    expect(flagsOf({ labs: [lab('egfr', before(300), 59.9)] })).toContain('egfr-below-60');
  });

  it('eGFR 59.9 thirteen months ago does not', () => {
    expect(flagsOf({ labs: [lab('egfr', before(400), 59.9)] })).not.toContain('egfr-below-60');
  });

  it('the latest eGFR decides: 45 then 75 does not raise the flag', () => {
    expect(flagsOf({ labs: [lab('egfr', before(100), 45), lab('egfr', before(20), 75)] })).not.toContain(
      'egfr-below-60',
    );
  });
});

describe('cirrhosis (§7): cirrhosis or portal hypertension', () => {
  it.each(['cirrhosis', 'portal-hypertension'] as const)('an active %s condition raises cirrhosis', (c) => {
    expect(flagsOf({ conditions: [cond('aih'), cond(c)] })).toContain('cirrhosis');
  });

  it('no such condition: no cirrhosis flag', () => {
    expect(flagsOf()).not.toContain('cirrhosis');
  });
});

describe('decompensated (§7): decompensation within 6 months, or INR > 1.5 within 6 months', () => {
  it('an active decompensation condition with onset 2 months ago raises the flag', () => {
    expect(flagsOf({ conditions: [cond('aih'), cond('decompensation', { onset: before(60) })] })).toContain(
      'decompensated',
    );
  });

  it('a resolved decompensation with onset 2 months ago and no abatement still counts', () => {
    const c = cond('decompensation', { clinicalStatus: 'resolved', onset: before(60) });
    expect(flagsOf({ conditions: [cond('aih'), c] })).toContain('decompensated');
  });

  it('a resolved decompensation with onset 10 months ago does not', () => {
    const c = cond('decompensation', { clinicalStatus: 'resolved', onset: before(300) });
    expect(flagsOf({ conditions: [cond('aih'), c] })).not.toContain('decompensated');
  });

  it('a decompensation with onset 2 months ago, abated since, does not', () => {
    const c = cond('decompensation', {
      clinicalStatus: 'resolved',
      onset: before(60),
      abatement: before(20),
    });
    expect(flagsOf({ conditions: [cond('aih'), c] })).not.toContain('decompensated');
  });

  it('INR 1.51 last month raises the flag', () => {
    expect(flagsOf({ labs: [lab('inr', before(30), 1.51)] })).toContain('decompensated');
  });

  it('INR 1.5 last month does not', () => {
    expect(flagsOf({ labs: [lab('inr', before(30), 1.5)] })).not.toContain('decompensated');
  });

  it('INR 1.8 five months ago raises the flag', () => {
    expect(flagsOf({ labs: [lab('inr', before(150), 1.8)] })).toContain('decompensated');
  });

  it('INR 1.8 eight months ago does not', () => {
    expect(flagsOf({ labs: [lab('inr', before(240), 1.8)] })).not.toContain('decompensated');
  });
});

describe('leukopenia (§7): latest WBC < 3.0×10⁹/L within 3 months', () => {
  it('WBC 2.9 last month raises the flag', () => {
    expect(flagsOf({ labs: [lab('wbc', before(30), 2.9)] })).toContain('leukopenia');
  });

  it('WBC 3.0 last month does not', () => {
    expect(flagsOf({ labs: [lab('wbc', before(30), 3.0)] })).not.toContain('leukopenia');
  });

  it.each(['10*3/uL', 'K/uL', '/nL'])(
    'WBC 3.0 reported in %s (= 3.0×10⁹/L) does not raise the flag',
    (unit) => {
      expect(flagsOf({ labs: [lab('wbc', before(30), 3.0, { unit })] })).not.toContain('leukopenia');
    },
  );

  // US reference labs and EHRs write thousands per microlitre these ways (LabCorp "x10E3/uL").
  it.each(['x10E3/uL', '10E3/uL', 'thou/mm3', 'K/mm3', 'x10(3)/uL', '10E9/L', 'x10(9)/L', 'x10*9/L'])(
    'WBC 2.9 reported in %s raises the flag; 3.0 does not',
    (unit) => {
      expect(flagsOf({ labs: [lab('wbc', before(30), 2.9, { unit })] })).toContain('leukopenia');
      expect(flagsOf({ labs: [lab('wbc', before(30), 3.0, { unit })] })).not.toContain('leukopenia');
    },
  );

  it('WBC 2.9 reported in 10*3/uL raises the flag', () => {
    expect(flagsOf({ labs: [lab('wbc', before(30), 2.9, { unit: '10*3/uL' })] })).toContain('leukopenia');
  });

  it('WBC 2.9 four months ago does not', () => {
    expect(flagsOf({ labs: [lab('wbc', before(120), 2.9)] })).not.toContain('leukopenia');
  });

  it('the latest WBC decides: 2.5 then 4.0 does not raise the flag', () => {
    expect(flagsOf({ labs: [lab('wbc', before(60), 2.5), lab('wbc', before(10), 4.0)] })).not.toContain(
      'leukopenia',
    );
  });
});

describe('prior-mmf and prior-tacrolimus (§7): any exposure found', () => {
  it('mycophenolate taken two years ago raises prior-mmf', () => {
    const meds = [...firstLine(T), med('mycophenolate', '2022-01-01', { end: '2022-03-01' })];
    expect(assess(patient({ meds }), { asOf: AS_OF }).safetyFlags).toContain('prior-mmf');
  });

  it('tacrolimus taken before raises prior-tacrolimus', () => {
    const meds = [...firstLine(T), med('tacrolimus', '2022-01-01', { end: '2022-03-01' })];
    expect(assess(patient({ meds }), { asOf: AS_OF }).safetyFlags).toContain('prior-tacrolimus');
  });

  it('neither taken: no prior-mmf, no prior-tacrolimus', () => {
    const flags = flagsOf();
    expect(flags).not.toContain('prior-mmf');
    expect(flags).not.toContain('prior-tacrolimus');
  });
});
