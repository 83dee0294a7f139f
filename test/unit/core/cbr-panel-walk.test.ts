import { describe, expect, it } from 'vitest';
import { isNormal } from '../../../src/core/bounds.js';
import { addDays, dayNumber } from '../../../src/core/dates.js';
import { CBR_PANEL_SPAN_DAYS, firstCbrPanel, type CbrPanel, type Series } from '../../../src/core/panels.js';
import type { NormalisedValue } from '../../../src/core/types.js';
import { compareValues } from '../../../src/core/value-order.js';

const PANEL = ['alt', 'ast', 'igg'] as const;
const day = (v: NormalisedValue): number => dayNumber(v.date)!;

/** The rule as written in clinical-rules.md §4, walked the plain way: every member looked up anew. */
function referencePanel(series: Series, fromDay: number): CbrPanel | undefined {
  const candidateDays = [...new Set(PANEL.flatMap((a) => series[a].map(day)))]
    .filter((d) => d >= fromDay)
    .sort((a, b) => a - b);
  for (const d of candidateDays) {
    const members = PANEL.map((a) => series[a].filter((v) => day(v) <= d).at(-1));
    if (members.some((m) => !m || day(m) < fromDay || d - day(m) > CBR_PANEL_SPAN_DAYS || !isNormal(m)))
      continue;
    const values = members as NormalisedValue[];
    const days = values.map(day);
    if (Math.max(...days) - Math.min(...days) > CBR_PANEL_SPAN_DAYS) continue;
    return {
      date: values
        .map((v) => v.date)
        .sort()
        .at(-1)!,
      day: Math.max(...days),
      values,
    };
  }
  return undefined;
}

/** A small deterministic generator (the same series on every run). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 0x1_0000_0000;
  };
}

function randomSeries(next: () => number): Series {
  const series: Series = { alt: [], ast: [], igg: [] };
  for (const analyte of PANEL) {
    const count = Math.floor(next() * 12);
    for (let i = 0; i < count; i += 1) {
      const xUln = 0.4 + next() * 1.4;
      series[analyte].push({
        ref: `Observation/${analyte}-${i}`,
        analyte,
        date: addDays('2024-01-01', Math.floor(next() * 200))!,
        value: xUln * 40,
        unit: 'U/L',
        rawValue: xUln * 40,
        xUln,
        usable: true,
        ...(next() < 0.1 ? { comparator: '<' as const } : {}),
      });
    }
    series[analyte].sort(compareValues);
  }
  return series;
}

describe('the first CBR panel, found in one walk over each series', () => {
  it('is the panel the rule finds looking every member up anew, over many series', () => {
    const next = random(20250630);
    let found = 0;
    for (let run = 0; run < 2000; run += 1) {
      const series = randomSeries(next);
      const fromDay = dayNumber(addDays('2024-01-01', Math.floor(next() * 120))!)!;
      const panel = firstCbrPanel(series, fromDay);
      expect(panel).toEqual(referencePanel(series, fromDay));
      if (panel) found += 1;
    }
    // The series must exercise both outcomes for the comparison to mean anything.
    expect(found).toBeGreaterThan(100);
    expect(found).toBeLessThan(1900);
  });
});
