/**
 * The trend chart's data, separate from drawing: ALT, AST and IgG as ×ULN over time, treatment periods
 * as one lane per ingredient, and the 6-month assessment window. Pure, so tests can check it directly.
 */
import type { Assessment, IngredientId, IsoDate, NormalisedValue } from '../../core/types.js';
import { compareText } from '../../core/compare-text.js';

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
    .sort((a, b) => compareText(a.date, b.date));
}

function lanesOf(assessment: Assessment): TreatmentLane[] {
  const asOf = assessment.asOf.slice(0, 10);
  const byIngredient = new Map<IngredientId, TreatmentLane>();
  for (const period of assessment.periods) {
    const start = period.start.slice(0, 10);
    // The chart ends at the as-of date: a period that starts later is not drawn, one that ends later stops there.
    if (start > asOf) continue;
    const end = (period.end ?? asOf).slice(0, 10);
    const lane = byIngredient.get(period.ingredient) ?? { ingredient: period.ingredient, bands: [] };
    lane.bands.push({
      start,
      end: end > asOf ? asOf : end,
      ongoing: period.ongoing,
      line: period.line,
    });
    byIngredient.set(period.ingredient, lane);
  }
  return [...byIngredient.values()];
}

export function buildTrendModel(assessment: Assessment, values: readonly NormalisedValue[]): TrendModel {
  const asOf = assessment.asOf.slice(0, 10);
  const series: Record<TrendAnalyte, TrendPoint[]> = { alt: [], ast: [], igg: [] };
  for (const value of trendValues(values)) {
    if (value.xUln === undefined || !isTrendAnalyte(value.analyte)) continue;
    // Results after the as-of date were not assessed; the table still lists them.
    if (value.date.slice(0, 10) > asOf) continue;
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
    tLine && sixMonthDate && tLine.slice(0, 10) <= asOf
      ? { start: tLine.slice(0, 10), end: minDate(sixMonthDate.slice(0, 10), asOf) }
      : undefined;
  const dates = [
    ...TREND_ANALYTES.flatMap((analyte) => series[analyte].map((point) => point.date)),
    ...lanes.flatMap((lane) => lane.bands.flatMap((band) => [band.start, band.end])),
    ...(window ? [window.start, window.end] : []),
    asOf,
  ].sort();
  const allX = TREND_ANALYTES.flatMap((analyte) => series[analyte].map((point) => point.xUln));
  return {
    series,
    lanes,
    ...(window ? { window } : {}),
    // The time axis ends at the as-of date: nothing later was part of the assessment.
    domain: { start: dates[0] ?? asOf, end: asOf },
    // Always show the 2×ULN level, with headroom above the highest value.
    maxXUln: Math.max(2.5, ...allX.map((x) => x * 1.1)),
  };
}

function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a < b ? a : b;
}

/** Above this, the 1–2×ULN levels crowd together: the chart offers a 0–3×ULN view. */
export const ZOOM_MAX_XULN = 3;

export function canZoom(model: TrendModel): boolean {
  return model.maxXUln > ZOOM_MAX_XULN * 1.1;
}

export function hasTrendData(model: TrendModel): boolean {
  return TREND_ANALYTES.some((analyte) => model.series[analyte].length > 0);
}
