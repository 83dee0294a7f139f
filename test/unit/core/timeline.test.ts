import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import type { Assessment, IngredientId, LabResult, MedicationExposure } from '../../../src/core/types.js';
import { day, firstLine, lab, med, patient } from './builders.js';

const T = '2024-01-01';
const at = (n: number) => day(T, n);

function assessMeds(meds: MedicationExposure[], asOfDay: number, labs: LabResult[] = []): Assessment {
  return assess(patient({ meds, labs }), { asOf: at(asOfDay) });
}

const periodsOf = (a: Assessment, ingredient: IngredientId) =>
  a.periods.filter((p) => p.ingredient === ingredient);

describe('treatment periods (§3): merging and ends', () => {
  it('two records of one ingredient 30 days apart merge into one period', () => {
    const meds = [
      med('prednisolone', T),
      med('azathioprine', T, { end: at(100) }),
      med('azathioprine', at(130), { end: at(200) }),
    ];
    const aza = periodsOf(assessMeds(meds, 300), 'azathioprine');
    expect(aza).toHaveLength(1);
    expect(aza[0]).toMatchObject({ start: T, end: at(200) });
  });

  it('two records of one ingredient 31 days apart stay two periods', () => {
    const meds = [
      med('prednisolone', T),
      med('azathioprine', T, { end: at(100) }),
      med('azathioprine', at(131), { end: at(200) }),
    ];
    const aza = periodsOf(assessMeds(meds, 300), 'azathioprine');
    expect(aza).toHaveLength(2);
    expect(aza.map((p) => p.start)).toEqual([T, at(131)]);
  });

  it.each(['active', 'on-hold'])('a record without an end and status %s is ongoing', (status) => {
    const a = assessMeds([med('prednisolone', T, { status })], 300);
    expect(periodsOf(a, 'prednisolone')[0]).toMatchObject({ ongoing: true });
    expect(periodsOf(a, 'prednisolone')[0]?.end).toBeUndefined();
  });

  it('a completed record without an end ends at its last known date', () => {
    const meds = [med('prednisolone', T), med('azathioprine', T, { status: 'completed', lastKnown: at(40) })];
    const aza = periodsOf(assessMeds(meds, 300), 'azathioprine')[0];
    expect(aza).toMatchObject({ ongoing: false, end: at(40) });
  });

  it('a stopped record without an end or a later date ends at its start', () => {
    const meds = [med('prednisolone', T), med('azathioprine', at(10), { status: 'stopped' })];
    const aza = periodsOf(assessMeds(meds, 300), 'azathioprine')[0];
    expect(aza).toMatchObject({ ongoing: false, end: at(10) });
  });
});

describe('lines of therapy (§3): first line, T0', () => {
  it('a steroid alone is first line; T0 and Tline are its start', () => {
    const a = assessMeds([med('prednisone', T)], 100);
    expect(a.line).toBe('first');
    expect(a.explanation.t0).toBe(T);
    expect(a.explanation.tLine).toBe(T);
  });

  it('budesonide with azathioprine is first line', () => {
    const a = assessMeds([med('budesonide', T), med('azathioprine', at(14))], 100);
    expect(a.line).toBe('first');
    expect(a.explanation.tLine).toBe(T);
    expect(periodsOf(a, 'azathioprine')[0]?.line).toBe('first');
  });

  it('azathioprine without any steroid is not first line: untreated', () => {
    const a = assessMeds([med('azathioprine', T)], 100);
    expect(a.response).toBe('untreated');
    expect(a.line).toBe('none');
  });

  it('steroid and mycophenolate started 90 days apart are first line together', () => {
    const a = assessMeds([med('prednisolone', T), med('mycophenolate', at(90))], 300);
    expect(a.line).toBe('first');
    expect(a.explanation.tLine).toBe(T);
    expect(periodsOf(a, 'mycophenolate')[0]?.line).toBe('first');
  });

  it('mycophenolate started 91 days after the steroid is second line', () => {
    const a = assessMeds([med('prednisolone', T), med('mycophenolate', at(91))], 300);
    expect(a.line).toBe('second');
    expect(a.explanation.tLine).toBe(at(91));
    expect(a.explanation.t0).toBe(T);
  });

  it('mycophenolate started 90 days before the steroid is first line and T0 is the mycophenolate start', () => {
    const a = assessMeds([med('mycophenolate', at(-90)), med('prednisolone', T)], 300);
    expect(a.line).toBe('first');
    expect(a.explanation.t0).toBe(at(-90));
  });

  it('T0 is the start of the earliest first-line period, not a later restart', () => {
    const meds = [
      med('prednisolone', T, { end: at(60) }),
      med('prednisolone', at(200)),
      med('azathioprine', at(20)),
    ];
    const a = assessMeds(meds, 300);
    expect(a.explanation.t0).toBe(T);
  });
});

describe('lines of therapy (§3): second and third line, Tline', () => {
  it.each(['mercaptopurine', 'thioguanine'] as const)(
    '%s replacing azathioprine is second line from its start',
    (agent) => {
      const meds = [med('prednisolone', T), med('azathioprine', T, { end: at(200) }), med(agent, at(210))];
      const a = assessMeds(meds, 300);
      expect(a.line).toBe('second');
      expect(a.explanation.tLine).toBe(at(210));
      expect(a.explanation.t0).toBe(T);
    },
  );

  it.each(['tacrolimus', 'cyclosporine'] as const)('%s after first line is second line', (agent) => {
    const a = assessMeds([...firstLine(T), med(agent, at(250))], 300);
    expect(a.line).toBe('second');
    expect(a.explanation.tLine).toBe(at(250));
  });

  it('a second second-line agent after the first one failed is third line', () => {
    const meds = [
      med('prednisolone', T),
      med('mycophenolate', at(200), { end: at(400) }),
      med('tacrolimus', at(410)),
    ];
    const a = assessMeds(meds, 500);
    expect(a.line).toBe('third');
    expect(a.explanation.tLine).toBe(at(410));
  });

  it('an agent that ended the day before first line began is history: tried, not the assessed line', () => {
    const a = assessMeds([...firstLine(T), med('tacrolimus', at(-400), { end: at(-1) })], 300);
    expect(a.line).toBe('first');
    expect(a.explanation.tLine).toBe(T);
    expect(periodsOf(a, 'tacrolimus')[0]?.line).toBe('none');
    expect(a.safetyFlags).toContain('prior-tacrolimus');
  });

  it('an agent still taken on the day first line began is a line of therapy', () => {
    const a = assessMeds([...firstLine(T), med('tacrolimus', at(-400), { end: T })], 300);
    expect(a.line).toBe('second');
    expect(a.explanation.tLine).toBe(at(-400));
  });

  it('after such history, the first second-line agent is second line, not third', () => {
    const meds = [
      ...firstLine(T),
      med('tacrolimus', at(-400), { end: at(-100) }),
      med('mycophenolate', at(250)),
    ];
    const a = assessMeds(meds, 300);
    expect(a.line).toBe('second');
    expect(a.explanation.tLine).toBe(at(250));
  });

  it.each(['infliximab', 'rituximab', 'sirolimus', 'everolimus', 'methotrexate', 'belimumab'] as const)(
    '%s (a third-line ingredient) makes the regimen third line',
    (agent) => {
      const a = assessMeds([...firstLine(T), med(agent, at(300))], 400);
      expect(a.line).toBe('third');
      expect(a.explanation.tLine).toBe(at(300));
    },
  );
});

describe('baseline window (§3): latest ALT/AST in [Tline − 90 d, Tline + 3 d]', () => {
  it.each([
    [-90, true],
    [-91, false],
    [3, true],
    [4, false],
  ])('an ALT on day %d of Tline is baseline: %s', (offset, isBaseline) => {
    const a = assessMeds(firstLine(T), 100, [lab('alt', at(offset), 300)]);
    expect(a.explanation.baseline?.date === at(offset)).toBe(isBaseline);
  });

  it('the latest ALT in the window is the baseline', () => {
    const a = assessMeds(firstLine(T), 100, [lab('alt', at(-30), 1000), lab('alt', at(2), 300)]);
    expect(a.explanation.baseline).toMatchObject({ analyte: 'alt', date: at(2), value: 300 });
  });

  it('AST is the baseline when no ALT is in the window', () => {
    const a = assessMeds(firstLine(T), 100, [lab('ast', at(-10), 250), lab('alt', at(-120), 300)]);
    expect(a.explanation.baseline).toMatchObject({ analyte: 'ast', date: at(-10) });
  });

  it('on second line the baseline window is around the second-line start', () => {
    const meds = [...firstLine(T), med('tacrolimus', at(300))];
    const a = assessMeds(meds, 350, [lab('alt', at(-5), 500), lab('alt', at(250), 120)]);
    expect(a.explanation.baseline).toMatchObject({ date: at(250), value: 120 });
  });
});
