import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import { noteContent } from '../../../src/fhir/writeback/note-content.js';
import { day, firstLine, lab, panel, patient } from './builders.js';

const T = '2024-01-01';
const at = (n: number) => day(T, n);

/** A result reported as a bound is evidence of a bound: the comparator travels with it (§2). */
describe('a comparator stays with its value in the evidence and on the card', () => {
  it('"<80 U/L" (ULN 40): the evidence says "<", the detail "<80 U/L … = <2.0×ULN"', () => {
    const labs = [
      lab('alt', at(160), 80, { comparator: '<' }),
      lab('ast', at(160), 30),
      lab('igg', at(160), 14),
    ];
    const a = assess(patient({ meds: firstLine(T), labs }), { asOf: at(200) });
    expect(a.response).toBe('insufficient-data');
    const alt = a.evidence.find((e) => e.analyte === 'alt');
    expect(alt).toMatchObject({ value: 80, comparator: '<', xUln: 2 });
    expect(a.card.detail).toContain('ALT &lt;80 U/L, ULN 40 U/L (lab reference range) = &lt;2.0×ULN');
  });

  it('">80 U/L" after a CBR panel: loss of response, summary "ALT >2.0×ULN"', () => {
    const labs = [...panel(at(100), 0.5, 0.5, 0.5), lab('alt', at(150), 80, { comparator: '>' })];
    const a = assess(patient({ meds: firstLine(T), labs }), { asOf: at(200) });
    expect(a.response).toBe('loss-of-response');
    expect(a.card.summary).toContain('ALT >2.0×ULN');
    expect(a.evidence.find((e) => e.role === 'loss-event')).toMatchObject({ comparator: '>', value: 80 });
  });

  it('a plain value carries no comparator and reads as before', () => {
    const labs = [...panel(at(100), 0.5, 0.5, 0.5), lab('alt', at(150), 100)];
    const a = assess(patient({ meds: firstLine(T), labs }), { asOf: at(200) });
    const loss = a.evidence.find((e) => e.role === 'loss-event');
    expect(loss).not.toHaveProperty('comparator');
    expect(a.card.summary).toContain('ALT 2.5×ULN');
  });

  it('≥ and ≤ read as such', () => {
    const labs = [...panel(at(100), 0.5, 0.5, 0.5), lab('alt', at(150), 100, { comparator: '>=' })];
    const a = assess(patient({ meds: firstLine(T), labs }), { asOf: at(200) });
    expect(a.card.summary).toContain('ALT ≥2.5×ULN');
  });

  it('the chart note keeps the bound too', () => {
    const labs = [...panel(at(100), 0.5, 0.5, 0.5), lab('alt', at(150), 80, { comparator: '>' })];
    const a = assess(patient({ meds: firstLine(T), labs }), { asOf: at(200) });
    const note = noteContent(a, { kind: 'override', reasonCode: 'clinical-judgement' });
    const results = note.sections.find((s) => s.heading === 'Deciding results');
    expect(results?.lines).toContainEqual(expect.stringContaining('ALT >2.0×ULN (>80 U/L, ULN 40'));
  });
});
