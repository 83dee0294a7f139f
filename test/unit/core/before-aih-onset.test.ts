import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import { aihOnset } from '../../../src/core/conditions.js';
import type { ConditionRecord } from '../../../src/core/types.js';
import { cond, day, lab, med, panel, patient } from './builders.js';

const T = '2024-01-01';
const at = (n: number) => day(T, n);
const aihFrom = (onset?: string): ConditionRecord => ({ ...cond('aih'), ...(onset ? { onset } : {}) });

/** A steroid burst in 2015, AIH from T with prednisolone, ALT raised two months in. */
function burstThenAih(burstEnd: string, onset?: string) {
  return patient({
    conditions: [aihFrom(onset)],
    meds: [med('prednisone', '2015-03-01', { end: burstEnd, status: 'completed' }), med('prednisolone', T)],
    labs: [lab('alt', at(45), 120)],
  });
}

describe('treatment that ended before the AIH diagnosis is not AIH treatment', () => {
  it('a 2015 steroid burst does not set T0 when AIH began in 2024: too-early, not insufficient-response', () => {
    const a = assess(burstThenAih('2015-03-10', T), { asOf: at(60) });
    expect(a.explanation.t0).toBe(T);
    expect(a.response).toBe('too-early');
    expect(a.dataQuality).toContainEqual(
      expect.objectContaining({
        code: 'before-aih-onset',
        message: expect.stringContaining('2015-03-01 to 2015-03-10'),
      }),
    );
  });

  it('without an onset the record is all there is: the burst stays first line (T0 2015)', () => {
    expect(assess(burstThenAih('2015-03-10'), { asOf: at(60) }).explanation.t0).toBe('2015-03-01');
  });

  it.each([
    ['31 days before the onset', -31, T],
    ['30 days before the onset', -30, '2023-11-01'],
  ] as const)('a course ending %s: T0 %s', (_, endDay, t0) => {
    const a = assess(
      patient({
        conditions: [aihFrom(T)],
        meds: [
          med('prednisone', '2023-11-01', { end: at(endDay), status: 'completed' }),
          med('prednisolone', T),
        ],
      }),
      { asOf: at(60) },
    );
    expect(a.explanation.t0).toBe(t0);
  });

  it('treatment ongoing at the onset counts (empirical steroids before the biopsy)', () => {
    const a = assess(patient({ conditions: [aihFrom(at(40))], meds: [med('prednisolone', T)] }), {
      asOf: at(60),
    });
    expect(a.explanation.t0).toBe(T);
  });

  it('the earliest onset of several AIH conditions decides, and the recorded date is never used', () => {
    const records: ConditionRecord[] = [
      { ...aihFrom('2020-05-01'), recorded: '2010-01-01' },
      { ...aihFrom('2018-02-03T10:00:00Z') },
      { ...cond('aih'), recorded: '2001-01-01' },
    ];
    expect(aihOnset(records)).toBe('2018-02-03');
    expect(aihOnset([{ ...cond('aih'), recorded: '2001-01-01' }])).toBeUndefined();
  });

  it('an episode in remission still dates the disease; a refuted one and other conditions do not', () => {
    const records: ConditionRecord[] = [
      { ...aihFrom('2015-01-01'), clinicalStatus: 'remission' },
      { ...aihFrom('2010-01-01'), verificationStatus: 'refuted' },
      { ...cond('cirrhosis'), onset: '2005-01-01' },
      aihFrom('2022-03-01'),
    ];
    expect(aihOnset(records)).toBe('2015-01-01');
  });

  it('renewals are judged as one period: a course that reaches the onset keeps its start as T0', () => {
    const a = assess(
      patient({
        conditions: [aihFrom('2024-06-01')],
        meds: [
          med('prednisone', T, { end: '2024-03-31', status: 'completed' }),
          med('prednisone', '2024-04-01', { end: '2024-06-30', status: 'completed' }),
          med('prednisone', '2024-07-01'),
        ],
      }),
      { asOf: '2024-06-15' },
    );
    expect(a.explanation.t0).toBe(T);
    expect(a.dataQuality.map((n) => n.code)).not.toContain('before-aih-onset');
  });

  it('a relapse entered as a new condition: an earlier course with azathioprine stays AIH treatment (restart keeps T0)', () => {
    const a = assess(
      patient({
        conditions: [aihFrom('2022-03-01')],
        meds: [
          med('prednisone', '2015-01-10', { end: '2016-01-01', status: 'completed' }),
          med('azathioprine', '2015-01-10', { end: '2018-01-01', status: 'completed' }),
          med('prednisone', '2022-03-05'),
        ],
        labs: [...panel('2015-05-01', 0.5, 0.5, 0.5), lab('alt', '2022-03-01', 400)],
      }),
      { asOf: '2022-05-01' },
    );
    expect(a.explanation.t0).toBe('2015-01-10');
    expect(a.response).toBe('loss-of-response');
  });

  it.each(['allopurinol', 'methotrexate'] as const)(
    'an earlier %s (gout, arthritis) does not make a steroid burst AIH treatment: too-early',
    (other) => {
      const a = assess(
        patient({
          conditions: [aihFrom(T)],
          meds: [
            med(other, '2015-01-01', { end: '2016-01-01', status: 'completed' }),
            med('prednisone', '2018-03-01', { end: '2018-03-10', status: 'completed' }),
            med('prednisolone', T),
          ],
          labs: [lab('alt', at(45), 120)],
        }),
        { asOf: at(60) },
      );
      expect(a.explanation.t0).toBe(T);
      expect(a.response).toBe('too-early');
    },
  );
});
