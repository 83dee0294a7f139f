/**
 * What the values are read against: axes, the 1×, 1.5× and 2×ULN levels (labels never overlapping),
 * the 6-month window and the as-of date where the time axis ends.
 */
import {
  LEFT,
  LEVEL_LABEL_GAP,
  LEVEL_STYLE,
  PLOT_HEIGHT,
  PLOT_TOP,
  RIGHT,
  toDate,
  WIDTH,
  type ChartScales,
} from './chart-geometry.js';
import { spreadLabels } from './level-labels.js';

const LEVELS = [
  { x: 1, label: '1×ULN', className: 'level-uln' },
  { x: 1.5, label: '1.5×', className: 'level' },
  { x: 2, label: '2×', className: 'level' },
];

interface Props extends ChartScales {
  window?: { start: string; end: string };
  asOf: string;
}

export function ChartScaffold({ x, y, window, asOf }: Props) {
  const top = y.domain()[1] ?? 0;
  const levels = LEVELS.filter((level) => level.x <= top);
  const labelYs = spreadLabels(
    levels.map((level) => y(level.x)),
    LEVEL_LABEL_GAP,
    PLOT_TOP + 4,
    PLOT_TOP + PLOT_HEIGHT,
  );
  const asOfX = x(toDate(asOf));
  return (
    <>
      {window && (
        <g className="six-month-window">
          <rect
            x={x(toDate(window.start))}
            y={PLOT_TOP}
            width={Math.max(1, x(toDate(window.end)) - x(toDate(window.start)))}
            height={PLOT_HEIGHT}
          />
          <text x={x(toDate(window.start)) + 4} y={PLOT_TOP + 12}>
            6 months from start of current regimen
          </text>
        </g>
      )}
      <g className="y-axis" aria-hidden="true">
        {y.ticks(5).map((tick) => (
          <text key={tick} x={LEFT - 8} y={y(tick) + 4} textAnchor="end">{`${tick}×`}</text>
        ))}
      </g>
      {levels.map((level, index) => (
        <g key={level.x} className={level.className} aria-hidden="true">
          <line
            x1={LEFT}
            x2={WIDTH - RIGHT}
            y1={y(level.x)}
            y2={y(level.x)}
            strokeWidth={LEVEL_STYLE.width}
            strokeDasharray={level.x === 1 ? undefined : LEVEL_STYLE.dash}
          />
          <text className="level-label" x={WIDTH - RIGHT + 6} y={(labelYs[index] ?? y(level.x)) + 4}>
            {level.label}
          </text>
        </g>
      ))}
      <g className="as-of" aria-hidden="true">
        <line x1={asOfX} x2={asOfX} y1={PLOT_TOP} y2={PLOT_TOP + PLOT_HEIGHT} />
        <text x={asOfX} y={PLOT_TOP - 4} textAnchor="end">{`As of ${asOf}`}</text>
      </g>
      <g className="x-axis" aria-hidden="true">
        {x.ticks(6).map((tick) => (
          <text key={tick.toISOString()} x={x(tick)} y={PLOT_TOP + PLOT_HEIGHT + 18} textAnchor="middle">
            {tick.toISOString().slice(0, 7)}
          </text>
        ))}
      </g>
    </>
  );
}
