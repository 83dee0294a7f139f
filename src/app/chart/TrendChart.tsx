/**
 * ALT, AST and IgG as ×ULN over time (SVG; d3-scale and d3-shape do the maths only). Each point is focusable
 * and named with its full sentence; the tooltip follows hover and keyboard focus. Loaded lazily.
 */
import { useId, useState } from 'react';
import { scaleLinear, scaleUtc } from 'd3-scale';
import type { Assessment, NormalisedValue } from '../../core/types.js';
import { ANALYTE_LABEL, ingredientLabel, LINE_LABEL } from '../labels.js';
import {
  LANE_HEIGHT,
  LEFT,
  PLOT_HEIGHT,
  PLOT_TOP,
  RIGHT,
  SERIES_STYLE,
  SERIES_WIDTH,
  toDate,
  WIDTH,
} from './chart-geometry.js';
import {
  buildTrendModel,
  canZoom,
  hasTrendData,
  TREND_ANALYTES,
  ZOOM_MAX_XULN,
  type TrendPoint,
} from './chart-model.js';
import { ChartScaffold } from './ChartScaffold.js';
import { TreatmentLanes } from './TreatmentLanes.js';
import { TrendSeries } from './TrendSeries.js';
import { describeValue } from './value-text.js';

function Legend() {
  return (
    <ul className="chart-legend" aria-label="Legend">
      {TREND_ANALYTES.map((analyte) => (
        <li key={analyte} className={SERIES_STYLE[analyte].className}>
          <svg width="28" height="12" aria-hidden="true">
            <line
              x1="0"
              x2="28"
              y1="6"
              y2="6"
              stroke="currentColor"
              strokeWidth={SERIES_WIDTH}
              strokeDasharray={SERIES_STYLE[analyte].dash}
            />
          </svg>
          {ANALYTE_LABEL[analyte]}
        </li>
      ))}
    </ul>
  );
}

const lineLabel = (line: string): string => LINE_LABEL[line as keyof typeof LINE_LABEL] ?? line;

export default function TrendChart({
  assessment,
  values,
  labsUnreadable = false,
}: {
  assessment: Assessment;
  values: readonly NormalisedValue[];
  labsUnreadable?: boolean;
}) {
  const tooltipId = useId();
  const [active, setActive] = useState<TrendPoint | null>(null);
  const [zoomed, setZoomed] = useState(false);
  const model = buildTrendModel(assessment, values);
  if (!hasTrendData(model)) {
    return (
      <p className="empty">
        {labsUnreadable
          ? 'Lab results could not be read from the EHR, so there is nothing to chart.'
          : 'No ALT, AST or IgG results with an upper limit of normal to chart.'}
      </p>
    );
  }
  const zoomable = canZoom(model);
  const showZoomed = zoomable && zoomed;
  const lanesTop = PLOT_TOP + PLOT_HEIGHT + 28;
  const height = lanesTop + model.lanes.length * LANE_HEIGHT + 8;
  // No .nice() on time: the axis ends exactly at the as-of date.
  const end = toDate(model.domain.end);
  // A single day would give the time axis no width: show the month before it.
  const start =
    model.domain.start < model.domain.end
      ? toDate(model.domain.start)
      : new Date(end.getTime() - 30 * 86_400_000);
  const x = scaleUtc()
    .domain([start, end])
    .range([LEFT, WIDTH - RIGHT]);
  const y = scaleLinear()
    .domain([0, showZoomed ? ZOOM_MAX_XULN : model.maxXUln])
    .range([PLOT_TOP + PLOT_HEIGHT, PLOT_TOP])
    .nice();
  const clipPathId = `${tooltipId}-plot`.replace(/[^A-Za-z0-9_-]/g, '');
  return (
    <figure className="trend-chart">
      <figcaption id={`${tooltipId}-caption`}>
        ALT, AST and IgG as multiples of the upper limit of normal (×ULN). Hollow markers use a default ULN.
        Use Tab to move between results.
        {showZoomed ? ' Zoomed to 0–3×ULN: triangles at the top are higher results.' : ''}
      </figcaption>
      {zoomable ? (
        <button
          type="button"
          className="zoom-toggle"
          aria-pressed={showZoomed}
          onClick={() => {
            setActive(null);
            setZoomed((value) => !value);
          }}
        >
          Zoom to 0–3×ULN
        </button>
      ) : null}
      <div className="chart-area">
        <svg
          viewBox={`0 0 ${WIDTH} ${height}`}
          role="group"
          aria-labelledby={`${tooltipId}-caption`}
          onMouseLeave={() => setActive(null)}
        >
          <defs>
            <clipPath id={clipPathId}>
              <rect x={LEFT} y={PLOT_TOP - 2} width={WIDTH - RIGHT - LEFT} height={PLOT_HEIGHT + 4} />
            </clipPath>
          </defs>
          <ChartScaffold
            x={x}
            y={y}
            asOf={model.domain.end}
            {...(model.window ? { window: model.window } : {})}
          />
          {TREND_ANALYTES.map((analyte) => (
            <TrendSeries
              key={analyte}
              analyte={analyte}
              points={model.series[analyte]}
              x={x}
              y={y}
              active={active}
              tooltipId={tooltipId}
              onShow={setActive}
              clipPathId={clipPathId}
            />
          ))}
          <TreatmentLanes
            lanes={model.lanes}
            top={lanesTop}
            laneHeight={LANE_HEIGHT}
            left={LEFT}
            xOf={(date) => x(toDate(date))}
            labelOf={(ingredient, line) => `${ingredientLabel(ingredient)} (${lineLabel(line)})`}
          />
        </svg>
        {active && (
          <div
            id={tooltipId}
            role="tooltip"
            className="chart-tooltip"
            style={{
              left: `${(x(toDate(active.date)) / WIDTH) * 100}%`,
              top: `${(y(Math.min(active.xUln, y.domain()[1] ?? active.xUln)) / height) * 100}%`,
            }}
          >
            {describeValue(active.value)}
          </div>
        )}
      </div>
      <Legend />
    </figure>
  );
}
