/**
 * Reported ×ULN values never land on or cross a threshold (1.0, 1.5, 2.0) the raw value did not meet:
 * in the evidence, the card summary and detail, and the shared formatter (rule-interpretations.md).
 */
import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import { formatXUln } from '../../../src/core/card/format.js';
import { reportFallPercent, reportXUln } from '../../../src/core/report-round.js';
import type { Assessment, LabResult } from '../../../src/core/types.js';
import { day, firstLine, lab, panel, patient } from './builders.js';

const T = '2024-01-01';
const at = (n: number) => day(T, n);
const run = (labs: LabResult[], n: number): Assessment =>
  assess(patient({ meds: firstLine(T), labs }), { asOf: at(n) });

describe('reportXUln: two decimals, never onto a threshold not met', () => {
  it.each([
    [1.0025, 1.01],
    [0.9975, 0.99],
    [1, 1],
    [1.4995, 1.49],
    [1.5005, 1.51],
    [1.5, 1.5],
    [2.004, 2.01],
    [1.996, 1.99],
    [2, 2],
    [2.314, 2.31],
    [0.5, 0.5],
  ])('%d → %d', (raw, reported) => {
    expect(reportXUln(raw)).toBe(reported);
  });
});

describe('formatXUln: one decimal, two where one would land on a threshold not met', () => {
  it.each([
    [1.0025, '1.01×ULN'],
    [0.996, '0.99×ULN'],
    [1.04, '1.04×ULN'],
    [1, '1.0×ULN'],
    [1.4995, '1.49×ULN'],
    [1.46, '1.46×ULN'],
    [1.51, '1.51×ULN'],
    [1.5, '1.5×ULN'],
    [2.004, '2.01×ULN'],
    [1.96, '1.96×ULN'],
    [2, '2.0×ULN'],
    [2.31, '2.3×ULN'],
  ])('%d → %s', (raw, text) => {
    expect(formatXUln(raw)).toBe(text);
  });
});

describe('reportFallPercent: a fall short of 50 % never shows as 50 %', () => {
  it.each([
    [0.4975, 49],
    [0.5, 50],
    [0.5025, 51],
    [0.26, 26],
  ])('%d → %d %%', (fraction, percent) => {
    expect(reportFallPercent(fraction)).toBe(percent);
  });
});

describe('×ULN in the assessment and the card (ULN 40 U/L)', () => {
  /** The latest ALT on day 160 with normal AST and IgG: the 6-month check at day 200. */
  const latestAlt = (alt: number) =>
    run([lab('alt', at(160), alt), lab('ast', at(160), 20), lab('igg', at(160), 8)], 200);
  const altEvidence = (a: Assessment) => a.evidence.find((e) => e.analyte === 'alt');

  it('ALT 40.1 (1.0025×ULN): insufficient-response reported as 1.01×ULN, never 1.0', () => {
    const a = latestAlt(40.1);
    expect(a.response).toBe('insufficient-response');
    expect(altEvidence(a)?.xUln).toBe(1.01);
    expect(a.card.summary).toContain('ALT 1.01×ULN');
    expect(a.card.detail).toContain('= 1.01×ULN');
  });

  it('ALT 40 (1.0×ULN): a complete response reported as 1.0×ULN', () => {
    const a = latestAlt(40);
    expect(a.response).toBe('complete-biochemical-response');
    expect(altEvidence(a)?.xUln).toBe(1);
    expect(a.card.detail).toContain('= 1.0×ULN');
  });

  it.each([
    [59.98, 1.49, 'ALT 1.49×ULN'],
    [60, 1.5, 'ALT 1.5×ULN'],
    [60.02, 1.51, 'ALT 1.51×ULN'],
  ])('ALT %d: reported %d, summary "%s"', (alt, xUln, text) => {
    const a = latestAlt(alt);
    expect(altEvidence(a)?.xUln).toBe(xUln);
    expect(a.card.summary).toContain(text);
  });

  /** A CBR panel on day 60, then one ALT on day 100. */
  const afterPanel = (alt: number) => run([...panel(at(60), 0.5, 0.5, 0.5), lab('alt', at(100), alt)], 200);

  it('ALT 80.16 (2.004×ULN) after a panel: loss-of-response reported as 2.01×ULN, never 2.0', () => {
    const a = afterPanel(80.16);
    expect(a.response).toBe('loss-of-response');
    expect(a.evidence.find((e) => e.role === 'loss-event')?.xUln).toBe(2.01);
    expect(a.card.summary).toContain('ALT 2.01×ULN');
    expect(a.card.detail).toContain('= 2.01×ULN');
  });

  it('ALT 79.84 (1.996×ULN) after a panel: no loss event; reported as 1.99×ULN, never 2.0', () => {
    const a = afterPanel(79.84);
    expect(a.response).toBe('complete-biochemical-response');
    expect(a.evidence.find((e) => e.role === 'latest-above-uln')?.xUln).toBe(1.99);
    expect(a.card.detail).toContain('= 1.99×ULN');
  });

  it('a fall of 49.95 % (200 → 100.1 U/L, ULN 40) reads "fell 49%" although the ×ULN round to 5.0 → 2.5', () => {
    const a = run([lab('alt', at(-5), 200), lab('alt', at(28), 100.1)], 60);
    expect(a.response).toBe('non-response');
    expect(a.card.summary).toContain('fell 49%');
    expect(a.explanation.text).toContain('fell by 49%');
  });

  it('a fall of 49.75 % (400 → 201) is non-response and never reads "fell 50%"', () => {
    const a = run([lab('alt', at(-5), 400), lab('alt', at(28), 201)], 60);
    expect(a.response).toBe('non-response');
    expect(a.card.summary).toContain('fell 49%');
    expect(a.explanation.text).toContain('fell by 49%');
  });
});
