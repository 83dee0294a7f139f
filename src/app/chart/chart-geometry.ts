/** Layout and per-analyte styling of the trend chart, shared by its parts. */
import type { ScaleLinear, ScaleTime } from 'd3-scale';
import type { TrendAnalyte } from './chart-model.js';

export const WIDTH = 760;
export const PLOT_TOP = 16;
export const PLOT_HEIGHT = 240;
/** Room for the ingredient names of the treatment lanes. */
export const LEFT = 104;
/** The right margin holds the ULN level labels, clear of the data. */
export const RIGHT = 56;
export const LANE_HEIGHT = 22;

export type MarkerKind = 'circle' | 'square' | 'diamond';

/** Colour, dash and marker differ per analyte, so the chart also reads in greyscale and print. */
export const SERIES_STYLE: Record<TrendAnalyte, { className: string; dash?: string; marker: MarkerKind }> = {
  alt: { className: 'series-alt', marker: 'circle' },
  ast: { className: 'series-ast', dash: '6 4', marker: 'square' },
  igg: { className: 'series-igg', dash: '2 3', marker: 'diamond' },
};

export interface ChartScales {
  x: ScaleTime<number, number>;
  y: ScaleLinear<number, number>;
}

export function toDate(date: string): Date {
  return new Date(`${date.slice(0, 10)}T00:00:00Z`);
}
