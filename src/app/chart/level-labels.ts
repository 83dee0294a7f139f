/**
 * Where the ULN level labels go at the right of the plot: at their line when there is room, pushed
 * apart when lines lie close (an early ALT at 15×ULN squeezes 1×, 1.5× and 2× into a few pixels), so
 * labels never overlap. Pure: positions in, positions out.
 */
export function spreadLabels(ys: readonly number[], minGap: number, top: number, bottom: number): number[] {
  const order = ys.map((y, index) => ({ y, index })).sort((a, b) => b.y - a.y);
  const placed: number[] = new Array<number>(ys.length);
  // From the bottom up: each label at its line, or just above the previous one.
  let previous = Number.POSITIVE_INFINITY;
  for (const { y, index } of order) {
    const at = Math.min(y, bottom, previous - minGap);
    placed[index] = at;
    previous = at;
  }
  // If that pushed the top label above the plot, shift the whole stack down (it stays spaced).
  const highest = Math.min(...placed);
  if (highest < top) {
    const shift = top - highest;
    for (let i = 0; i < placed.length; i += 1) placed[i] = placed[i]! + shift;
  }
  return placed;
}
