import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import type { Assessment, IntoleranceRecord, MedicationExposure } from '../../../src/core/types.js';
import { allergy, day, firstLine, med, patient } from './builders.js';

const T = '2024-01-01';
const at = (n: number) => day(T, n);

function assessAt(meds: MedicationExposure[], intolerances: IntoleranceRecord[], n: number): Assessment {
  return assess(patient({ meds, intolerances }), { asOf: at(n) });
}

/** Azathioprine from T to day `end`, stopped with a status reason. */
const azaStopped = (
  end: number,
  reason: { reasonCodes?: string[]; reasonText?: string },
): MedicationExposure => med('azathioprine', T, { end: at(end), status: 'stopped', ...reason });

describe('intolerance evidence (§5)', () => {
  it.each([undefined, 'confirmed', 'unconfirmed', 'provisional'])(
    'an AllergyIntolerance with verification status %s is evidence',
    (verificationStatus) => {
      const a = assessAt(firstLine(T), [allergy('azathioprine', { verificationStatus })], 100);
      expect(a.intolerance).toContain('azathioprine');
    },
  );

  it.each(['refuted', 'entered-in-error'])(
    'an AllergyIntolerance with verification status %s is not evidence',
    (v) => {
      const a = assessAt(firstLine(T), [allergy('azathioprine', { verificationStatus: v })], 100);
      expect(a.intolerance).not.toContain('azathioprine');
      expect(a.actionableIntolerance).not.toContain('azathioprine');
    },
  );

  it('a record stopped with a coded adverse-reaction reason is evidence, without an inferred-from-text note', () => {
    const meds = [med('prednisolone', T), azaStopped(60, { reasonCodes: ['281647001'] })];
    const a = assessAt(meds, [], 100);
    expect(a.intolerance).toContain('azathioprine');
    expect(a.dataQuality.some((n) => n.code === 'inferred-from-text')).toBe(false);
  });

  it('a record stopped with a written adverse-effect reason is evidence, flagged inferred-from-text', () => {
    const meds = [
      med('prednisolone', T),
      azaStopped(60, { reasonText: 'stopped because of side effects (nausea)' }),
    ];
    const a = assessAt(meds, [], 100);
    expect(a.intolerance).toContain('azathioprine');
    expect(a.dataQuality.some((n) => n.code === 'inferred-from-text')).toBe(true);
  });

  it('a record stopped for another reason is not evidence', () => {
    const meds = [med('prednisolone', T), azaStopped(60, { reasonText: 'course completed' })];
    const a = assessAt(meds, [], 100);
    expect(a.intolerance).not.toContain('azathioprine');
  });
});

describe('actionable intolerance (§5): current, or stopped within 90 days with no later second-line agent', () => {
  it('intolerance to an ingredient of the current regimen is actionable', () => {
    const a = assessAt(firstLine(T), [allergy('azathioprine')], 100);
    expect(a.actionableIntolerance).toEqual(['azathioprine']);
  });

  it('stopped 90 days before as-of: actionable', () => {
    const a = assessAt([med('prednisolone', T), azaStopped(60, { reasonCodes: ['281647001'] })], [], 150);
    expect(a.actionableIntolerance).toContain('azathioprine');
  });

  it('stopped 91 days before as-of: history only, not actionable', () => {
    const a = assessAt([med('prednisolone', T), azaStopped(60, { reasonCodes: ['281647001'] })], [], 151);
    expect(a.intolerance).toContain('azathioprine');
    expect(a.actionableIntolerance).not.toContain('azathioprine');
  });

  it('a second-line agent started after the stop: not actionable', () => {
    const meds = [
      med('prednisolone', T),
      azaStopped(60, { reasonCodes: ['281647001'] }),
      med('mycophenolate', at(100)),
    ];
    const a = assessAt(meds, [], 120);
    expect(a.intolerance).toContain('azathioprine');
    expect(a.actionableIntolerance).not.toContain('azathioprine');
  });

  it('an allergy to a drug never taken is history, not actionable', () => {
    const a = assessAt([med('prednisolone', T)], [allergy('tacrolimus')], 100);
    expect(a.intolerance).toEqual(['tacrolimus']);
    expect(a.actionableIntolerance).toEqual([]);
  });

  it('an allergy to an ingredient stopped two years ago is history, not actionable', () => {
    const meds = [med('prednisolone', T), med('azathioprine', T, { end: at(30) })];
    const a = assessAt(meds, [allergy('azathioprine')], 760);
    expect(a.intolerance).toContain('azathioprine');
    expect(a.actionableIntolerance).toEqual([]);
  });
});
