/**
 * The trend chart's data, separate from drawing: ALT, AST and IgG as ×ULN over time, treatment periods
 * as one lane per ingredient, and the 6-month assessment window. Pure, so tests can check it directly.
 */
import type { Assessment, IngredientId, IsoDate, NormalisedValue } from '../../core/types.js';

export const TREND_ANALYTES = ['alt', 'ast', 'igg'] as const;
export type TrendAnalyte = (typeof TREND_ANALYTES)[number];

export interface TrendPoint {
  ref: string;
  analyte: TrendAnalyte;
  date: IsoDate;
  xUln: number;
  value: NormalisedValue;
  /** Drawn hollow: the ULN is the site default, not the lab's. */
  defaultUln: boolean;
}

export interface TreatmentLane {
  ingredient: IngredientId;
  bands: { start: IsoDate; end: IsoDate; ongoing: boolean; line: string }[];
}

export interface TrendModel {
  series: Record<TrendAnalyte, TrendPoint[]>;
  lanes: TreatmentLane[];
  window?: { start: IsoDate; end: IsoDate };
  /** Time span to draw: every point, band and window, up to the as-of date. */
  domain: { start: IsoDate; end: IsoDate };
  maxXUln: number;
}

export function isTrendAnalyte(analyte: string): analyte is TrendAnalyte {
  return (TREND_ANALYTES as readonly string[]).includes(analyte);
}

/** Values with a ×ULN of the three trend analytes, oldest first. */
export function trendValues(values: readonly NormalisedValue[]): NormalisedValue[] {
  return values
    .filter((value) => isTrendAnalyte(value.analyte))
    .slice()
    .sort((a, b) => a.date.localeCompare(b.date));
}

function lanesOf(assessment: Assessment): TreatmentLane[] {
  const byIngredient = new Map<IngredientId, TreatmentLane>();
  for (const period of assessment.periods) {
    const lane = byIngredient.get(period.ingredient) ?? { ingredient: period.ingredient, bands: [] };
    lane.bands.push({
      start: period.start.slice(0, 10),
      end: (period.end ?? assessment.asOf).slice(0, 10),
      ongoing: period.ongoing,
      line: period.line,
    });
    byIngredient.set(period.ingredient, lane);
  }
  return [...byIngredient.values()];
}

export function buildTrendModel(assessment: Assessment, values: readonly NormalisedValue[]): TrendModel {
  const series: Record<TrendAnalyte, TrendPoint[]> = { alt: [], ast: [], igg: [] };
  for (const value of trendValues(values)) {
    if (value.xUln === undefined || !isTrendAnalyte(value.analyte)) continue;
    series[value.analyte].push({
      ref: value.ref,
      analyte: value.analyte,
      date: value.date.slice(0, 10),
      xUln: value.xUln,
      value,
      defaultUln: value.ulnSource === 'default',
    });
  }
  const lanes = lanesOf(assessment);
  const { tLine, sixMonthDate } = assessment.explanation;
  const window =
    tLine && sixMonthDate ? { start: tLine.slice(0, 10), end: sixMonthDate.slice(0, 10) } : undefined;
  const dates = [
    ...TREND_ANALYTES.flatMap((analyte) => series[analyte].map((point) => point.date)),
    ...lanes.flatMap((lane) => lane.bands.flatMap((band) => [band.start, band.end])),
    ...(window ? [window.start, window.end] : []),
    assessment.asOf.slice(0, 10),
  ].sort();
  const allX = TREND_ANALYTES.flatMap((analyte) => series[analyte].map((point) => point.xUln));
  return {
    series,
    lanes,
    ...(window ? { window } : {}),
    domain: { start: dates[0] ?? assessment.asOf, end: dates[dates.length - 1] ?? assessment.asOf },
    // Always show the 2×ULN level, with headroom above the highest value.
    maxXUln: Math.max(2.5, ...allX.map((x) => x * 1.1)),
  };
}

export function hasTrendData(model: TrendModel): boolean {
  return TREND_ANALYTES.some((analyte) => model.series[analyte].length > 0);
}
