/**
 * Patient records mapped from what a call read from the EHR, keyed by the exact answers they were mapped
 * from (fetch-ledger.ts). The second hook for an open chart reads the EHR again, and when every answer
 * is the same bytes as before, it reuses the record (validated on first sight, deep-frozen) instead of
 * validating and mapping the resources again. A changed answer gives another key, never a stale record.
 */
import type { PatientRecord } from '../core/types.js';
import { BoundedCache, type BoundedCacheOptions } from './bounded-cache.js';
import { deepFreeze } from './prefetch-cache.js';

/** As the prefetch cache (prefetch-cache.ts): a burst of hooks for one open chart, not a store of patients. */
export const FETCHED_RECORD_CACHE_DEFAULTS = {
  maxEntries: 64,
  maxBytes: 16 * 1024 * 1024,
  ttlMs: 5 * 60_000,
};

/** Records are deep-frozen as they are kept: every call with these answers shares them. */
export class FetchedRecordCache extends BoundedCache<PatientRecord> {
  constructor(options: BoundedCacheOptions = {}) {
    super(FETCHED_RECORD_CACHE_DEFAULTS, options, deepFreeze);
  }
}
