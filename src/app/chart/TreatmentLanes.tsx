/** Treatment periods under the trend: one labelled lane per ingredient, one band per period. */
import type { IngredientId } from '../../core/types.js';
import type { TreatmentLane } from './chart-model.js';

interface Props {
  lanes: readonly TreatmentLane[];
  top: number;
  laneHeight: number;
  left: number;
  xOf: (date: string) => number;
  labelOf: (ingredient: IngredientId, line: string) => string;
}

export function TreatmentLanes({ lanes, top, laneHeight, left, xOf, labelOf }: Props) {
  return (
    <g className="treatment-lanes" role="list" aria-label="Treatment periods">
      {lanes.map((lane, index) => {
        const y = top + index * laneHeight;
        return (
          <g key={lane.ingredient} className={`lane lane-${index % 6}`}>
            <text x={left - 8} y={y + laneHeight / 2 + 4} textAnchor="end" aria-hidden="true">
              {lane.ingredient}
            </text>
            {lane.bands.map((band) => {
              const label = `${labelOf(lane.ingredient, band.line)}: ${band.start} to ${band.ongoing ? 'ongoing' : band.end}`;
              const x1 = xOf(band.start);
              return (
                <g key={`${band.start}-${band.end}`} role="listitem" aria-label={label}>
                  <title>{label}</title>
                  <rect
                    x={x1}
                    y={y + 3}
                    width={Math.max(2, xOf(band.end) - x1)}
                    height={laneHeight - 6}
                    rx={3}
                  />
                </g>
              );
            })}
          </g>
        );
      })}
    </g>
  );
}
