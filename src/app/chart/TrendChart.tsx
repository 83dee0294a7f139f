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
  toDate,
  WIDTH,
} from './chart-geometry.js';
import { buildTrendModel, hasTrendData, TREND_ANALYTES, type TrendPoint } from './chart-model.js';
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
              strokeWidth={2}
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
}: {
  assessment: Assessment;
  values: readonly NormalisedValue[];
}) {
  const tooltipId = useId();
  const [active, setActive] = useState<TrendPoint | null>(null);
  const model = buildTrendModel(assessment, values);
  if (!hasTrendData(model)) {
    return <p className="empty">No ALT, AST or IgG results with an upper limit of normal to chart.</p>;
  }
  const lanesTop = PLOT_TOP + PLOT_HEIGHT + 28;
  const height = lanesTop + model.lanes.length * LANE_HEIGHT + 8;
  const x = scaleUtc()
    .domain([toDate(model.domain.start), toDate(model.domain.end)])
    .range([LEFT, WIDTH - RIGHT])
    .nice();
  const y = scaleLinear()
    .domain([0, model.maxXUln])
    .range([PLOT_TOP + PLOT_HEIGHT, PLOT_TOP])
    .nice();
  return (
    <figure className="trend-chart">
      <figcaption id={`${tooltipId}-caption`}>
        ALT, AST and IgG as multiples of the upper limit of normal (×ULN). Hollow markers use a default ULN.
        Use Tab to move between results.
      </figcaption>
      <div className="chart-area">
        <svg
          viewBox={`0 0 ${WIDTH} ${height}`}
          role="group"
          aria-labelledby={`${tooltipId}-caption`}
          onMouseLeave={() => setActive(null)}
        >
          <ChartScaffold x={x} y={y} {...(model.window ? { window: model.window } : {})} />
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
              top: `${(y(active.xUln) / height) * 100}%`,
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
