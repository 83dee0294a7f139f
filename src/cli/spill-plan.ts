/**
 * Whether a `classify` run must spill to stay within its memory budget, and into how many partitions:
 * decided before reading from the input's size on disk and, when its Patient files tell them
 * (patient-count.ts), its patients; decided again once the input is read (its bytes and its patients).
 * Pure.
 */

export const DEFAULT_MEMORY_BUDGET_MB = 512;

const MB = 1024 * 1024;

/**
 * Without its patients, the cohort of an input is planned as if it held this much memory per byte on disk:
 * the most that exports of small patients have needed (about 0.45 for the demo EHR's, 24 KB per patient on
 * disk). Rounded up: spilling an input that would have fitted costs a second read of it, running out of
 * memory costs the run.
 */
const PEAK_BYTES_PER_INPUT_BYTE = 0.6;

/**
 * With its patients known, a cohort's share of the peak is the larger of k₁ × bytes and k₂ × patients:
 * what a partition keeps is a few compact records per patient and per lab result (which share their
 * dates, units and ranges), so an export of many small patients is bounded by its patients and one of
 * few patients with long histories by its bytes. Fitted in memory with 2 workers, against the fixed share
 * below, on two exports of 20,000 patients: the synthetic one of test/bench/generate-export.mjs (1.4 GB,
 * 70 KB per patient, nearly all lab results: 454 and 470 MB peak, k₁ ≈ 0.15) and the demo EHR's (0.49 GB,
 * 24 KB per patient: 478 MB peak, k₂ ≈ 10.4 KB). Rounded up: the estimate must not fall short.
 */
const PEAK_BYTES_PER_READ_BYTE = 0.16;
const PEAK_BYTES_PER_PATIENT = 11 * 1024;
/**
 * The main thread (modules, read batches, output) and each worker isolate with its young generation (see
 * parallel.ts): 143 MB for a run of a few patients on 2 workers, before the young generations fill.
 */
const FIXED_MB = 90;
const FIXED_MB_PER_WORKER = 90;

/** Workers are given up (when not asked for) before the cohort's share of the budget falls below this. */
const COMFORTABLE_COHORT_MB = 128;
/**
 * What is left for the cohort never counts as less than this, however small the budget: a budget that does
 * not even hold the threads gets small partitions, the nearest the run can come to it (a 64 MB budget
 * with 2 workers cuts 1,200 synthetic patients, 80 MB, in two).
 */
const MIN_COHORT_MB = 8;

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
  /**
   * Known from the Patient files before reading, or once the input has been read (0: none told, so the
   * size alone decides).
   */
  patients?: number,
): SpillPlan {
  const { load, threads } = spillLoad(inputBytes, budgetMb, workers, fixed, patients);
  const partitions = Math.ceil(load);
  // In memory, the run keeps the threads it was given.
  return partitions <= 1 ? { partitions: 1, workers } : { partitions, workers: threads };
}

export interface SpillLoad {
  /**
   * How many partitions' worth the cohort is: its estimated peak over what one partition may hold, not
   * rounded (at most 1: it fits in memory), so that partitions cut from buckets can come as near it as
   * their buckets allow.
   */
  load: number;
  /** The worker threads it is planned with (see {@link planSpill}). */
  threads: number;
}

/** The load behind {@link planSpill}, with the same arguments. */
export function spillLoad(
  inputBytes: number | undefined,
  budgetMb: number,
  workers: number,
  fixed = false,
  patients?: number,
): SpillLoad {
  const bytes = inputBytes ?? UNKNOWN_INPUT_BYTES;
  const cohortBytes =
    patients === undefined || patients === 0
      ? bytes * PEAK_BYTES_PER_INPUT_BYTE
      : Math.max(bytes * PEAK_BYTES_PER_READ_BYTE, patients * PEAK_BYTES_PER_PATIENT);
  const cohortMb = (threads: number): number =>
    budgetMb - FIXED_MB - (threads > 1 ? FIXED_MB_PER_WORKER * threads : 0);
  let threads = workers;
  if (!fixed) while (threads > 2 && cohortMb(threads) < COMFORTABLE_COHORT_MB) threads -= 1;
  if (!fixed && threads === 2 && cohortMb(2) < COMFORTABLE_COHORT_MB) threads = 1;
  return { load: cohortBytes / (Math.max(MIN_COHORT_MB, cohortMb(threads)) * MB), threads };
}

/** A spill partition: `span` buckets from `first`. */
export interface BucketRange {
  first: number;
  span: number;
}

/**
 * The spill partitions of a cohort of `load` (see {@link SpillLoad}) spilled into `buckets` buckets: as
 * few as can be while none holds more than 1/load of the buckets (buckets are equal ranges of the patient
 * hash, so they hold nearly equal shares of the cohort), each a run of consecutive buckets, the runs as
 * equal as they can be. More buckets come nearer the load: 64 buckets for a load of 9.3 give 11
 * partitions of at most 6 buckets, 256 give 10 of at most 27.
 */
export function bucketRanges(load: number, buckets: number): BucketRange[] {
  const most = Math.max(1, Math.floor(buckets / Math.max(1, load)));
  const count = Math.ceil(buckets / most);
  return Array.from({ length: count }, (_, index) => {
    const first = Math.floor((index * buckets) / count);
    return { first, span: Math.floor(((index + 1) * buckets) / count) - first };
  });
}
