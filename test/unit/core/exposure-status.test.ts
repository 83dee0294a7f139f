import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import type { Assessment, MedicationExposure, MedicationSource } from '../../../src/core/types.js';
import { day, firstLine, lab, med, metabolite, patient, recommendationIds } from './builders.js';

const T = '2024-01-01';
const at = (n: number) => day(T, n);
const AS_OF = at(200);

/** Insufficient response after optimisation (100 mg/day at 50 kg): consider-tacrolimus applies. */
function optimisedInsufficient(extra: MedicationExposure[]): Assessment {
  const labs = [
    lab('alt', at(160), 100),
    lab('ast', at(160), 60),
    lab('igg', at(160), 20),
    metabolite('tgn6', at(170), 150),
    metabolite('mmp6', at(170), 3000),
    lab('weight', at(150), 50),
  ];
  return assess(patient({ meds: [...firstLine(T, { azaDose: 100 }), ...extra], labs }), { asOf: AS_OF });
}

const tacrolimusRecord = (source: MedicationSource, status: string, dated = true): MedicationExposure => {
  const m = { ...med('tacrolimus', '2020-01-01', { end: '2020-02-01', status }), source };
  if (!dated) {
    delete m.start;
    delete m.end;
  }
  return m;
};

const NEVER_TAKEN = [
  ['MedicationAdministration', 'not-done'],
  ['MedicationDispense', 'declined'],
  ['MedicationDispense', 'preparation'],
] as const;

describe('records that show the drug was never taken are not exposures (§3)', () => {
  it.each(NEVER_TAKEN)(
    '%s with status %s: tacrolimus not tried, no prior-tacrolimus, consider-tacrolimus still suggested',
    (source, status) => {
      const a = optimisedInsufficient([tacrolimusRecord(source, status)]);
      expect(a.response).toBe('insufficient-response');
      expect(a.periods.map((p) => p.ingredient)).not.toContain('tacrolimus');
      expect(a.safetyFlags).not.toContain('prior-tacrolimus');
      expect(recommendationIds(a)).toContain('consider-tacrolimus');
    },
  );

  it.each(NEVER_TAKEN)('an undated %s with status %s does not count as tried either', (source, status) => {
    const a = optimisedInsufficient([tacrolimusRecord(source, status, false)]);
    expect(a.safetyFlags).not.toContain('prior-tacrolimus');
    expect(recommendationIds(a)).toContain('consider-tacrolimus');
    expect(a.dataQuality.map((n) => n.code)).not.toContain('medication-undated');
  });

  it.each([
    ['MedicationAdministration', 'completed'],
    ['MedicationAdministration', 'in-progress'],
    ['MedicationDispense', 'completed'],
    ['MedicationDispense', 'in-progress'],
  ] as const)(
    '%s with status %s is an exposure: prior-tacrolimus, no consider-tacrolimus',
    (source, status) => {
      const a = optimisedInsufficient([tacrolimusRecord(source, status)]);
      expect(a.safetyFlags).toContain('prior-tacrolimus');
      expect(recommendationIds(a)).not.toContain('consider-tacrolimus');
    },
  );

  it('a not-done prednisolone administration is not first line: untreated', () => {
    const m = {
      ...med('prednisolone', T, { status: 'not-done' }),
      source: 'MedicationAdministration' as const,
    };
    const a = assess(patient({ meds: [m] }), { asOf: AS_OF });
    expect(a.response).toBe('untreated');
    expect(a.periods).toEqual([]);
  });
});
