/**
 * Memory tuning for a cohort screen. A Bulk Data export keeps a few hundred MB of compact records alive
 * while it is read; V8's default heap growth then lets garbage pile up to about four times that before a
 * full collection (measured: 1.25 GB peak RSS for 20,000 patients). Growing the heap by 30 % at a time
 * keeps the peak near the live size for about 10 % more CPU time. Single-threaded runs only: V8 flags
 * hold for the whole process, and split over worker threads each heap holds only a share of the cohort
 * (measured: 770 MB peak RSS for 20,000 patients on 2 workers without the limit, 12 % less CPU).
 */
import { setFlagsFromString } from 'node:v8';

const HEAP_GROWING_PERCENT = 30;

/** V8 reads this flag at every full collection, so setting it after start-up takes effect. */
export function limitHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
