/**
 * Rules v2 §7: an INR > 1.5 measured while a vitamin K antagonist was current does not raise
 * `decompensated`; an INR outside any such period, or a VKA record without dates, still does.
 */
import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import type { AnticoagulantExposure, Assessment, LabResult } from '../../../src/core/types.js';
import { cond, day, firstLine, lab, patient, recommendationIds } from './builders.js';

const T = '2024-01-01';
const AS_OF = '2024-06-15';
const before = (n: number) => day(AS_OF, -n);
const INR_DAY = before(30);

function vka(o: Partial<AnticoagulantExposure> = {}): AnticoagulantExposure {
  return {
    ref: 'MedicationRequest/warfarin-1',
    source: 'MedicationRequest',
    agent: 'warfarin',
    matchedBy: 'rxnorm',
    status: 'active',
    start: before(100),
    ...o,
  };
}

function run(
  labs: LabResult[],
  anticoagulants: AnticoagulantExposure[],
  conditions = [cond('aih')],
): Assessment {
  return assess({ ...patient({ meds: firstLine(T), labs, conditions }), anticoagulants }, { asOf: AS_OF });
}
const inr = (value = 2.5) => lab('inr', INR_DAY, value);

describe('decompensated and vitamin K antagonists (v2 §7)', () => {
  it('v1 behaviour gone: INR 2.5 on current warfarin does not raise decompensated', () => {
    const a = run([inr()], [vka()]);
    expect(a.safetyFlags).not.toContain('decompensated');
    expect(a.card.indicator).not.toBe('critical');
    expect(recommendationIds(a)).not.toContain('refer-specialist-centre');
    expect(a.dataQuality.map((n) => n.code)).toContain('inr-on-anticoagulant');
  });

  it('the same INR without any anticoagulant raises it', () => {
    expect(run([inr()], []).safetyFlags).toContain('decompensated');
  });

  it('warfarin starting on the INR day counts; starting the day after does not', () => {
    expect(run([inr()], [vka({ start: INR_DAY })]).safetyFlags).not.toContain('decompensated');
    expect(run([inr()], [vka({ start: day(INR_DAY, 1) })]).safetyFlags).toContain('decompensated');
  });

  it('warfarin ending on the INR day counts; ending the day before does not', () => {
    const ended = (end: string) => vka({ status: 'completed', end });
    expect(run([inr()], [ended(INR_DAY)]).safetyFlags).not.toContain('decompensated');
    expect(run([inr()], [ended(day(INR_DAY, -1))]).safetyFlags).toContain('decompensated');
  });

  it('one INR on warfarin and another after it stopped: the second still raises decompensated', () => {
    const labs = [inr(), lab('inr', before(5), 1.8)];
    const a = run(labs, [vka({ status: 'completed', end: before(20) })]);
    expect(a.safetyFlags).toContain('decompensated');
    expect(a.evidence.filter((e) => e.role === 'decompensated').map((e) => e.date)).toEqual([before(5)]);
  });

  it('a VKA record that says it was not taken does not discount the INR', () => {
    expect(run([inr()], [vka({ status: 'entered-in-error' })]).safetyFlags).toContain('decompensated');
  });

  it('a VKA record without any date does not discount the INR (conservative), and says so', () => {
    const a = run([inr()], [vka({ start: undefined })]);
    expect(a.safetyFlags).toContain('decompensated');
    expect(a.dataQuality.map((n) => n.code)).toContain('anticoagulant-undated');
  });

  it('a decompensation condition raises the flag whatever the anticoagulation', () => {
    const a = run([inr()], [vka()], [cond('aih'), cond('decompensation')]);
    expect(a.safetyFlags).toContain('decompensated');
  });
});
