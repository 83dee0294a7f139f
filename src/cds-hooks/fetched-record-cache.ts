/**
 * Patient records mapped from what a call read from the EHR, keyed by the exact answers they were mapped
 * from (fetch-ledger.ts). The second hook for an open chart reads the EHR again, and when every answer
 * is the same bytes as before, it reuses the record (validated on first sight, deep-frozen) instead of
 * validating and mapping the resources again. A changed answer gives another key, never a stale record.
 * What the hooks made of a kept record is kept with it, as for prefetched records (assessment-cache.ts).
 */
import type { PatientRecord } from '../core/types.js';
import { AssessmentCache } from './assessment-cache.js';
import { BoundedCache, type BoundedCacheOptions } from './bounded-cache.js';
import { deepFreeze, type RecordAssessments } from './prefetch-cache.js';

/** As the prefetch cache (prefetch-cache.ts): a burst of hooks for one open chart, not a store of patients. */
export const FETCHED_RECORD_CACHE_DEFAULTS = {
  maxEntries: 64,
  maxBytes: 16 * 1024 * 1024,
  ttlMs: 5 * 60_000,
};

/** Records are deep-frozen as they are kept: every call with these answers shares them. */
export class FetchedRecordCache extends BoundedCache<PatientRecord> {
  /** Dropped with their records, whenever those leave this cache and no call holds them. */
  readonly assessments: RecordAssessments = {
    card: new AssessmentCache(),
    orders: new AssessmentCache(),
  };

  constructor(options: BoundedCacheOptions = {}) {
    super(FETCHED_RECORD_CACHE_DEFAULTS, options, deepFreeze);
  }
}
