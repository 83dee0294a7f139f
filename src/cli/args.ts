/**
 * Command-line arguments of `aih-navigator classify`. Pure: takes the words after `classify` and
 * today's date, returns the options or a usage message (never throws, never exits).
 */
import { parseArgs } from 'node:util';
import type { Shard } from './partition.js';

export type OutputFormat = 'ndjson' | 'csv';

export interface ClassifyOptions {
  asOf: string;
  format: OutputFormat;
  siteConfigPath?: string;
  /** Worker threads; undefined = decided from the input size and the CPUs. */
  jobs?: number;
  /** Assess only this shard of the patients (`--shard index/count`); the others are left to other runs. */
  shard?: Shard;
  /** Memory the run may use, in MB; a larger cohort is partitioned on disk (spill-run.ts). */
  memoryBudgetMb?: number;
  paths: string[];
}

export type ParsedArgs =
  { kind: 'options'; options: ClassifyOptions } | { kind: 'help' } | { kind: 'usage-error'; message: string };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD` (rejects 2025-02-30). */
export function isCalendarDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The options of `classify`, also taken (and passed on) by `export`. */
export const CLASSIFY_OPTION_SPECS = {
  'as-of': { type: 'string' },
  format: { type: 'string' },
  'site-config': { type: 'string' },
  jobs: { type: 'string', short: 'j' },
  shard: { type: 'string' },
  'memory-budget': { type: 'string' },
} as const;

export function parseClassifyArgs(argv: readonly string[], today: string): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { ...CLASSIFY_OPTION_SPECS, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    return { kind: 'usage-error', message: error instanceof Error ? error.message : String(error) };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };

  const asOf = values['as-of'] ?? today;
  if (!isCalendarDate(asOf)) {
    return { kind: 'usage-error', message: `--as-of must be a calendar date YYYY-MM-DD, got "${asOf}"` };
  }
  const format = values.format ?? 'ndjson';
  if (format !== 'ndjson' && format !== 'csv') {
    return { kind: 'usage-error', message: `--format must be ndjson or csv, got "${format}"` };
  }
  if (positionals.length === 0) {
    return {
      kind: 'usage-error',
      message: 'classify needs at least one PATH (Bundle, NDJSON file or export folder)',
    };
  }
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1 && jobs <= 64)) {
    return {
      kind: 'usage-error',
      message: `--jobs must be a whole number from 1 to 64, got "${values.jobs}"`,
    };
  }
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  if (shard === null) {
    return {
      kind: 'usage-error',
      message: `--shard must be INDEX/COUNT with 0 <= INDEX < COUNT <= ${MAX_SHARDS}, got "${values.shard}"`,
    };
  }
  const budget = values['memory-budget'];
  const memoryBudgetMb = budget === undefined ? undefined : Number(budget);
  if (
    memoryBudgetMb !== undefined &&
    !(Number.isInteger(memoryBudgetMb) && memoryBudgetMb >= MIN_BUDGET_MB)
  ) {
    return {
      kind: 'usage-error',
      message: `--memory-budget must be a whole number of MB, at least ${MIN_BUDGET_MB}, got "${budget}"`,
    };
  }
  const options: ClassifyOptions = { asOf, format, paths: positionals };
  if (memoryBudgetMb !== undefined) options.memoryBudgetMb = memoryBudgetMb;
  if (shard !== undefined) options.shard = shard;
  if (values['site-config'] !== undefined) options.siteConfigPath = values['site-config'];
  if (jobs !== undefined) options.jobs = jobs;
  return { kind: 'options', options };
}

const MAX_SHARDS = 10_000;
/** Below this the process itself (code, worker threads) would not fit. */
const MIN_BUDGET_MB = 64;
const SHARD = /^(\d{1,5})\/(\d{1,5})$/;

/**
 * `INDEX/COUNT`, the index counted from 0 as a Kubernetes Indexed Job's `JOB_COMPLETION_INDEX` is; null
 * when malformed or out of range.
 */
export function parseShard(text: string): Shard | null {
  const match = SHARD.exec(text);
  if (!match) return null;
  const [index, count] = [Number(match[1]), Number(match[2])];
  return count >= 1 && count <= MAX_SHARDS && index < count ? { index, count } : null;
}
