/** A result's marker: filled when the lab gave the ULN, hollow when a default ULN was used. */
import type { MarkerKind } from './chart-geometry.js';

export function Marker({ kind, x, y, hollow }: { kind: MarkerKind; x: number; y: number; hollow: boolean }) {
  const fill = hollow ? 'var(--chart-background, #fff)' : 'currentColor';
  const stroke = { stroke: 'currentColor', strokeWidth: 2, fill };
  // Above the zoomed scale: an upward triangle at the top edge says "higher than shown".
  if (kind === 'off-scale')
    return <path d={`M${x} ${y - 6}L${x + 6} ${y + 4}L${x - 6} ${y + 4}Z`} {...stroke} />;
  if (kind === 'square') return <rect x={x - 4} y={y - 4} width={8} height={8} {...stroke} />;
  if (kind === 'diamond')
    return <path d={`M${x} ${y - 5}L${x + 5} ${y}L${x} ${y + 5}L${x - 5} ${y}Z`} {...stroke} />;
  return <circle cx={x} cy={y} r={4.5} {...stroke} />;
}
