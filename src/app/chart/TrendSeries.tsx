/** One analyte's line and its focusable points; each point's accessible name is its full sentence. */
import { line } from 'd3-shape';
import { ANALYTE_LABEL } from '../labels.js';
import { SERIES_STYLE, SERIES_WIDTH, toDate, type ChartScales } from './chart-geometry.js';
import type { TrendAnalyte, TrendPoint } from './chart-model.js';
import { Marker } from './Marker.js';
import { describeValue } from './value-text.js';

interface Props extends ChartScales {
  analyte: TrendAnalyte;
  points: readonly TrendPoint[];
  active: TrendPoint | null;
  tooltipId: string;
  onShow: (point: TrendPoint | null) => void;
  /** The plot's clip path: on a zoomed scale the line leaves the plot rather than run along its top. */
  clipPathId?: string;
}

export function TrendSeries({ analyte, points, x, y, active, tooltipId, onShow, clipPathId }: Props) {
  if (points.length === 0) return null;
  const style = SERIES_STYLE[analyte];
  const top = y.domain()[1] ?? Number.POSITIVE_INFINITY;
  const path = line<TrendPoint>()
    .x((point) => x(toDate(point.date)))
    .y((point) => y(point.xUln));
  return (
    <g className={style.className} role="list" aria-label={`${ANALYTE_LABEL[analyte]} results`}>
      <path
        d={path([...points]) ?? ''}
        fill="none"
        stroke="currentColor"
        strokeWidth={SERIES_WIDTH}
        strokeDasharray={style.dash}
        clipPath={clipPathId ? `url(#${clipPathId})` : undefined}
        aria-hidden="true"
      />
      {points.map((point) => (
        <g
          key={point.ref}
          role="listitem"
          tabIndex={0}
          className="point"
          aria-label={describeValue(point.value)}
          aria-describedby={active?.ref === point.ref && active.analyte === analyte ? tooltipId : undefined}
          onMouseEnter={() => onShow(point)}
          onFocus={() => onShow(point)}
          onBlur={() => onShow(null)}
          onKeyDown={(event) => event.key === 'Escape' && onShow(null)}
        >
          <Marker
            kind={point.xUln > top ? 'off-scale' : style.marker}
            x={x(toDate(point.date))}
            y={y(Math.min(point.xUln, top))}
            hollow={point.defaultUln}
          />
        </g>
      ))}
    </g>
  );
}
