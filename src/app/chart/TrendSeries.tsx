/** One analyte's line and its focusable points; each point's accessible name is its full sentence. */
import { line } from 'd3-shape';
import { ANALYTE_LABEL } from '../labels.js';
import { SERIES_STYLE, toDate, type ChartScales } from './chart-geometry.js';
import type { TrendAnalyte, TrendPoint } from './chart-model.js';
import { Marker } from './Marker.js';
import { describeValue } from './value-text.js';

interface Props extends ChartScales {
  analyte: TrendAnalyte;
  points: readonly TrendPoint[];
  active: TrendPoint | null;
  tooltipId: string;
  onShow: (point: TrendPoint | null) => void;
}

export function TrendSeries({ analyte, points, x, y, active, tooltipId, onShow }: Props) {
  if (points.length === 0) return null;
  const style = SERIES_STYLE[analyte];
  const path = line<TrendPoint>()
    .x((point) => x(toDate(point.date)))
    .y((point) => y(point.xUln));
  return (
    <g className={style.className} role="list" aria-label={`${ANALYTE_LABEL[analyte]} results`}>
      <path
        d={path([...points]) ?? ''}
        fill="none"
        stroke="currentColor"
        strokeWidth={2}
        strokeDasharray={style.dash}
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
          <Marker kind={style.marker} x={x(toDate(point.date))} y={y(point.xUln)} hollow={point.defaultUln} />
        </g>
      ))}
    </g>
  );
}
