import { describe, expect, it } from 'vitest';
import { LEVEL_STYLE, SERIES_STYLE } from '../../../src/app/chart/chart-geometry.js';
import { buildTrendModel, canZoom } from '../../../src/app/chart/chart-model.js';
import { spreadLabels } from '../../../src/app/chart/level-labels.js';
import { insufficientResponse, labValue } from '../../fixtures/app/assessment.js';

describe('level labels', () => {
  it('stay at their lines when there is room', () => {
    expect(spreadLabels([200, 150, 100], 12, 10, 250)).toEqual([200, 150, 100]);
  });

  it('never overlap when the lines crowd together (an early 15×ULN value)', () => {
    const placed = spreadLabels([240, 236, 232], 12, 10, 250);
    const sorted = [...placed].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i += 1) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThanOrEqual(12);
    // The lowest label keeps its place; order top to bottom is kept.
    expect(placed[0]).toBe(240);
    expect(placed[2]).toBeLessThan(placed[1]!);
  });

  it('stay inside the plot at the top', () => {
    const placed = spreadLabels([12, 11, 10], 12, 10, 250);
    expect(Math.min(...placed)).toBeGreaterThanOrEqual(10);
  });
});

describe('chart readability', () => {
  it('draws IgG unlike the ULN level lines', () => {
    expect(SERIES_STYLE.igg.dash).not.toBe(LEVEL_STYLE.dash);
    expect(SERIES_STYLE.igg.dash).toBeDefined();
  });

  it('ends the time axis at the as-of date, leaving later results out of the chart', () => {
    const assessment = insufficientResponse();
    const later = labValue('alt', '2025-09-01', 80, 40);
    const model = buildTrendModel(assessment, [labValue('alt', '2025-02-01', 80, 40), later]);
    expect(model.domain.end).toBe(assessment.asOf);
    expect(model.series.alt.map((point) => point.date)).toEqual(['2025-02-01']);
  });

  it('offers the 0–3×ULN view only when a value is well above it', () => {
    const assessment = insufficientResponse();
    expect(canZoom(buildTrendModel(assessment, [labValue('alt', '2025-02-01', 600, 40)]))).toBe(true);
    expect(canZoom(buildTrendModel(assessment, [labValue('alt', '2025-02-01', 100, 40)]))).toBe(false);
  });
});
