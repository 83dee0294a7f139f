import { describe, expect, it } from 'vitest';
import { buildTrendModel, hasTrendData } from '../../../src/app/chart/chart-model.js';
import { chartValues, insufficientResponse, labValue } from '../../fixtures/app/assessment.js';

describe('trend chart model', () => {
  it('splits ×ULN values per analyte, oldest first, and marks default-ULN values', () => {
    const model = buildTrendModel(insufficientResponse(), [...chartValues].reverse());
    expect(model.series.alt.map((point) => point.date)).toEqual(['2025-01-10', '2025-04-10', '2025-08-01']);
    expect(model.series.igg[0]?.defaultUln).toBe(true);
    expect(model.series.alt[0]?.defaultUln).toBe(false);
    expect(model.series.alt[0]?.xUln).toBeCloseTo(10);
  });

  it('has one lane per ingredient, ongoing periods drawn to the as-of date, and the 6-month window', () => {
    const model = buildTrendModel(insufficientResponse(), chartValues);
    expect(model.lanes.map((lane) => lane.ingredient)).toEqual(['prednisolone', 'azathioprine']);
    expect(model.lanes[0]?.bands[0]).toMatchObject({ start: '2025-01-15', end: '2025-08-15', ongoing: true });
    expect(model.window).toEqual({ start: '2025-01-15', end: '2025-07-17' });
    expect(model.domain).toEqual({ start: '2025-01-10', end: '2025-08-15' });
  });

  it('keeps the 2×ULN level in view and leaves headroom above the highest value', () => {
    expect(buildTrendModel(insufficientResponse(), [labValue('alt', '2025-02-01', 20, 40)]).maxXUln).toBe(
      2.5,
    );
    expect(buildTrendModel(insufficientResponse(), chartValues).maxXUln).toBeCloseTo(11);
  });

  it('leaves out analytes other than ALT, AST and IgG, and values without a ULN', () => {
    const noUln = { ...labValue('alt', '2025-03-01', 50, 40), xUln: undefined, uln: undefined };
    const model = buildTrendModel(insufficientResponse(), [noUln]);
    expect(hasTrendData(model)).toBe(false);
  });
});
