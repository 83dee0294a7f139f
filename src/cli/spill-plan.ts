/**
 * How many spill partitions a `classify` run needs to stay within its memory budget, decided before
 * reading, from the input's size on disk. Pure.
 */

export const DEFAULT_MEMORY_BUDGET_MB = 512;

const MB = 1024 * 1024;

/**
 * Peak resident memory per byte of NDJSON input held as a cohort, measured on the synthetic export of
 * test/bench/generate-export.mjs (about 70 KB on disk per patient): the compact records are a fraction of
 * the JSON they are mapped from, but V8 lets garbage grow to a few times the live heap between full
 * collections, so the peak is close to half the input's size. Rounded up: the estimate must not fall short.
 */
const PEAK_BYTES_PER_INPUT_BYTE = 0.6;

/** The process and each worker thread before any input (code, V8 heaps, batches in flight). */
const FIXED_MB = 90;
const FIXED_MB_PER_WORKER = 60;

/** What is left for the cohort never counts as less than this, however small the budget. */
const MIN_COHORT_MB = 32;

/**
 * An input of unknown size (a download without a length) is planned as if it were this large: spilling
 * an input that would have fitted costs a second read of it, running out of memory costs the run.
 */
export const UNKNOWN_INPUT_BYTES = 16 * 1024 * MB;

/**
 * 1 when the whole cohort fits within `budgetMb` in memory, else the number of spill partitions each of
 * which fits. `inputBytes` undefined: unknown size (see {@link UNKNOWN_INPUT_BYTES}).
 */
export function spillPartitionsFor(
  inputBytes: number | undefined,
  budgetMb: number,
  workers: number,
): number {
  const bytes = inputBytes ?? UNKNOWN_INPUT_BYTES;
  const cohortMb = Math.max(
    MIN_COHORT_MB,
    budgetMb - FIXED_MB - FIXED_MB_PER_WORKER * Math.max(0, workers - 1),
  );
  return Math.max(1, Math.ceil((bytes * PEAK_BYTES_PER_INPUT_BYTE) / (cohortMb * MB)));
}
