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

export type MarkerKind = 'circle' | 'square' | 'diamond' | 'off-scale';

/**
 * Colour, dash and marker differ per analyte, so the chart also reads in greyscale and print. IgG is
 * dash-dot, thick and marked: it must never be mistaken for a ULN level line (thin, grey, dotted).
 */
export const SERIES_STYLE: Record<TrendAnalyte, { className: string; dash?: string; marker: MarkerKind }> = {
  alt: { className: 'series-alt', marker: 'circle' },
  ast: { className: 'series-ast', dash: '6 4', marker: 'square' },
  igg: { className: 'series-igg', dash: '10 3 2 3', marker: 'diamond' },
};
export const SERIES_WIDTH = 2;

/** The ULN levels: thin and grey; 1×ULN solid, 1.5× and 2× dotted. */
export const LEVEL_STYLE = { width: 1, dash: '1 3' } as const;
/** Level labels are at least this far apart (px in the chart's coordinates). */
export const LEVEL_LABEL_GAP = 12;

export interface ChartScales {
  x: ScaleTime<number, number>;
  y: ScaleLinear<number, number>;
}

export function toDate(date: string): Date {
  return new Date(`${date.slice(0, 10)}T00:00:00Z`);
}
