/**
 * Whether a `classify` run must spill to stay within its memory budget, decided before reading from the
 * input's size on disk, and into how many partitions, decided again once the input is read (its bytes
 * and its patients). Pure.
 */

export const DEFAULT_MEMORY_BUDGET_MB = 512;

const MB = 1024 * 1024;

/**
 * The peak resident memory of a run is about FIXED + PER_WORKER × workers + k × (input bytes per
 * partition). Measured with 2 workers on the 20,000-patient synthetic export of
 * test/bench/generate-export.mjs (1.4 GB, about 70 KB per patient on disk): 575 MB peak over 3 partitions,
 * 337 MB over 26, so k ≈ 0.58 (compact records are a fraction of the JSON they are mapped from, but V8
 * lets garbage grow between full collections) and about 310 MB fixed (the main thread and two worker
 * isolates, their young generations and batches in flight). Rounded up: the estimate must not fall short.
 */
const PEAK_BYTES_PER_INPUT_BYTE = 0.6;

/**
 * Once the input has been read, its patients are known too, and the cohort's share is about
 * k₁ × bytes + k₂ × patients: a patient costs memory of its own (its record builder, maps, the result),
 * whatever the size of its resources. Fitted on two exports of 20,000 patients with 2 workers: the
 * synthetic one above (70 KB per patient; 503 MB peak over 5 partitions) and the demo EHR's (24 KB per
 * patient, 0.49 GB; 608 MB peak over 2 partitions): k₁ ≈ 0.41, k₂ ≈ 20 KB. Rounded up. With these, the
 * synthetic exports of 20,000, 50,000 and 200,000 patients peaked at 358, 468 and 461 MB (bench:cli --scale).
 */
const PEAK_BYTES_PER_READ_BYTE = 0.45;
const PEAK_BYTES_PER_PATIENT = 24 * 1024;
const FIXED_MB = 110;
const FIXED_MB_PER_WORKER = 100;

/** Workers are given up (when not asked for) before the cohort's share of the budget falls below this. */
const COMFORTABLE_COHORT_MB = 128;
/** What is left for the cohort never counts as less than this, however small the budget. */
const MIN_COHORT_MB = 32;

/**
 * An input of unknown size (a download without a length) is planned as if it were this large: spilling
 * an input that would have fitted costs a second read of it, running out of memory costs the run.
 */
export const UNKNOWN_INPUT_BYTES = 16 * 1024 * MB;

export interface SpillPlan {
  /** 1: the whole cohort fits in memory. */
  partitions: number;
  workers: number;
}

/**
 * The spill partitions (each of which fits within `budgetMb`) and worker threads for an input of
 * `inputBytes` (undefined: unknown, see {@link UNKNOWN_INPUT_BYTES}). `workers` is kept when `fixed`
 * (`--jobs`), else lowered while the workers alone would leave the cohort too little of the budget.
 */
export function planSpill(
  inputBytes: number | undefined,
  budgetMb: number,
  workers: number,
  fixed = false,
  /** Known once the input has been read (0: none told by their text, so the size alone decides). */
  patients?: number,
): SpillPlan {
  const bytes = inputBytes ?? UNKNOWN_INPUT_BYTES;
  const cohortBytes =
    patients === undefined || patients === 0
      ? bytes * PEAK_BYTES_PER_INPUT_BYTE
      : bytes * PEAK_BYTES_PER_READ_BYTE + patients * PEAK_BYTES_PER_PATIENT;
  const cohortMb = (threads: number): number =>
    budgetMb - FIXED_MB - (threads > 1 ? FIXED_MB_PER_WORKER * threads : 0);
  let threads = workers;
  if (!fixed) while (threads > 2 && cohortMb(threads) < COMFORTABLE_COHORT_MB) threads -= 1;
  if (!fixed && threads === 2 && cohortMb(2) < COMFORTABLE_COHORT_MB) threads = 1;
  const partitions = Math.ceil(cohortBytes / (Math.max(MIN_COHORT_MB, cohortMb(threads)) * MB));
  // In memory, the run keeps the threads it was given.
  return partitions <= 1 ? { partitions: 1, workers } : { partitions, workers: threads };
}
