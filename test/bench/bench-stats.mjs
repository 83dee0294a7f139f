/** Figures the benchmark scripts share. */
import { loadavg } from 'node:os';

/** The median; for an even count, the mean of the middle two. */
export function median(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The machine's load average over 1, 5 and 15 minutes, printed next to figures taken on shared cores. */
export function loadAverageText() {
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(', ');
}
