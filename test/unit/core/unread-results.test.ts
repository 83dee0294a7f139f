import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import type { LabResult, PatientRecord, UnreadResult } from '../../../src/core/types.js';
import { day, firstLine, lab, panel, patient } from './builders.js';

const T = '2024-01-01';
const at = (n: number) => day(T, n);

function unread(analyte: UnreadResult['analyte'], from?: string, to = from): UnreadResult {
  return {
    ref: `Observation/unread-${analyte}-${from ?? 'undated'}`,
    analyte,
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    reason: 'Value "1,200" is not a number',
  };
}

function assessed(labs: LabResult[], asOfDay: number, more: Partial<PatientRecord> = {}) {
  return assess({ ...patient({ meds: firstLine(T), labs }), ...more }, { asOf: at(asOfDay) });
}

describe('a complete response is not declared past a later result that could not be read', () => {
  const cbr = () => panel(at(100), 0.5, 0.5, 0.5);

  it('an unread ALT after the panel: insufficient-data, naming it', () => {
    const a = assessed(cbr(), 200, { unreadResults: [unread('alt', at(150))] });
    expect(a.response).toBe('insufficient-data');
    expect(a.missing).toEqual([
      expect.stringMatching(
        /^alt: the ALT result Observation\/unread-alt-2024-05-30 of 2024-05-30 could not be read/,
      ),
    ]);
    expect(a.evidence.map((e) => e.role)).toEqual(['cbr-panel', 'cbr-panel', 'cbr-panel']);
  });

  it.each([
    ['on the panel day', 100, 'complete-biochemical-response'],
    ['the day after the panel', 101, 'insufficient-data'],
    ['before the panel', 99, 'complete-biochemical-response'],
    ['on the as-of day', 200, 'insufficient-data'],
    ['after the as-of date', 201, 'complete-biochemical-response'],
  ] as const)('an unread AST %s: %s', (_, n, state) => {
    expect(assessed(cbr(), 200, { unreadResults: [unread('ast', at(n))] }).response).toBe(state);
  });

  it('an unread IgG after the panel cannot be a loss event (ALT and AST only): CBR stands', () => {
    expect(assessed(cbr(), 200, { unreadResults: [unread('igg', at(150))] }).response).toBe(
      'complete-biochemical-response',
    );
  });

  it('an undated unread ALT may be later: insufficient-data', () => {
    expect(assessed(cbr(), 200, { unreadResults: [unread('alt')] }).response).toBe('insufficient-data');
  });

  it('a month-only date that reaches past the panel counts; one wholly before it does not', () => {
    const april = unread('alt', '2024-04-01', '2024-04-30'); // the panel is on 2024-04-10
    const march = unread('alt', '2024-03-01', '2024-03-31');
    expect(assessed(cbr(), 200, { unreadResults: [april] }).response).toBe('insufficient-data');
    expect(assessed(cbr(), 200, { unreadResults: [march] }).response).toBe('complete-biochemical-response');
  });

  it('a final ALT in a unit that cannot be converted, after the panel: insufficient-data', () => {
    const a = assessed([...cbr(), lab('alt', at(150), 1000, { unit: 'furlong' })], 200);
    expect(a.response).toBe('insufficient-data');
    expect(a.missing[0]).toMatch(/^alt: the ALT result .* could not be read/);
  });

  it('">1000" with no unit after the panel: insufficient-data, and the reason keeps the ">"', () => {
    const a = assessed([...cbr(), lab('alt', at(150), 1000, { unit: '', comparator: '>' })], 200);
    expect(a.response).toBe('insufficient-data');
    expect(a.missing[0]).toContain('ALT >1000 with no unit cannot be converted');
  });

  it('the same unit problem before the panel changes nothing', () => {
    expect(assessed([lab('alt', at(50), 1000, { unit: 'furlong' }), ...cbr()], 200).response).toBe(
      'complete-biochemical-response',
    );
  });

  it('a preliminary ALT after the panel is not used and does not block (rules §1)', () => {
    expect(assessed([...cbr(), lab('alt', at(150), 500, { status: 'preliminary' })], 200).response).toBe(
      'complete-biochemical-response',
    );
  });

  it('a loss event still decides: a readable ALT > 2×ULN after the panel is loss-of-response', () => {
    const labs = [...cbr(), lab('alt', at(150), 100)];
    expect(assessed(labs, 200, { unreadResults: [unread('alt', at(160))] }).response).toBe(
      'loss-of-response',
    );
  });
});

describe('insufficient response needs the latest value to be known', () => {
  const raised = () => [lab('alt', at(160), 100), lab('ast', at(160), 30), lab('igg', at(160), 10)];

  it('an unread ALT after the only raised result: insufficient-data', () => {
    const a = assessed(raised(), 200, { unreadResults: [unread('alt', at(170))] });
    expect(a.response).toBe('insufficient-data');
    expect(a.missing[0]).toMatch(/^alt: .* the latest result is not known$/);
  });

  it('an unread ALT before the raised one: insufficient-response', () => {
    expect(assessed(raised(), 200, { unreadResults: [unread('alt', at(155))] }).response).toBe(
      'insufficient-response',
    );
  });

  it('another raised analyte whose latest is known still decides', () => {
    const labs = [lab('alt', at(160), 100), lab('ast', at(160), 60), lab('igg', at(160), 10)];
    expect(assessed(labs, 200, { unreadResults: [unread('alt', at(170))] }).response).toBe(
      'insufficient-response',
    );
  });
});

describe('non-response needs the latest week-4 value to be known', () => {
  const labs = () => [lab('alt', at(-5), 400), lab('alt', at(25), 300)];

  it('an unread ALT later in the week-4 window: insufficient-data naming it, not a critical non-response', () => {
    const a = assessed(labs(), 60, { unreadResults: [unread('alt', at(35))] });
    expect(a.response).toBe('insufficient-data');
    expect(a.missing).toEqual([expect.stringMatching(/^alt: .* non-response cannot be decided$/)]);
    expect(a.evidence.map((e) => e.role)).toEqual(['baseline', 'week-4']);
  });

  it('after 6 months the 6-month rule decides, and the hidden week-4 result stays in missing', () => {
    const labs12 = [...labs(), lab('alt', at(300), 160)];
    const a = assessed(labs12, 365, { unreadResults: [unread('alt', at(36))] });
    expect(a.response).toBe('insufficient-response');
    expect(a.missing).toContainEqual(expect.stringMatching(/non-response cannot be decided$/));
  });

  it('with a fall of 50 % or more the unread value changes nothing: too-early', () => {
    const halved = [lab('alt', at(-5), 400), lab('alt', at(25), 150)];
    expect(assessed(halved, 60, { unreadResults: [unread('alt', at(35))] }).response).toBe('too-early');
  });

  it.each([
    [42, 'insufficient-data'],
    [43, 'non-response'],
    [25, 'non-response'],
    [24, 'non-response'],
  ] as const)('an unread ALT on day %d: %s', (n, state) => {
    expect(assessed(labs(), 60, { unreadResults: [unread('alt', at(n))] }).response).toBe(state);
  });

  it('an unread AST does not hide the ALT week-4 value', () => {
    expect(assessed(labs(), 60, { unreadResults: [unread('ast', at(35))] }).response).toBe('non-response');
  });
});

describe('untreated needs every medication record to name its drug', () => {
  const untreatedLabs = () => [lab('alt', at(10), 200)];

  it('a record whose drug is unknown: insufficient-data, naming it', () => {
    const record: PatientRecord = {
      ...patient({ labs: untreatedLabs() }),
      unknownDrugs: ['MedicationRequest/m1'],
    };
    const a = assess(record, { asOf: at(30) });
    expect(a.response).toBe('insufficient-data');
    expect(a.missing).toEqual([
      expect.stringMatching(/^medication: the drug of MedicationRequest\/m1 is unknown/),
    ]);
  });

  it('without one: untreated', () => {
    expect(assess(patient({ labs: untreatedLabs() }), { asOf: at(30) }).response).toBe('untreated');
  });

  it('on treatment, an unknown drug does not change the state', () => {
    expect(assessed([], 60, { unknownDrugs: ['MedicationRequest/m1'] }).response).toBe('too-early');
  });
});
