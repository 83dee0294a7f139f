/**
 * The patient records already mapped from a prefetch, keyed by a SHA-256 digest of the prefetch's exact
 * text (prefetch-digest.ts). EHRs call order-select on every order picked, order-sign on signing and
 * patient-view on each chart open, each time with the same prefetch: the second call onwards reuses
 * the validated, mapped record instead of parsing, validating and mapping ≈150 KB again. Because the
 * key is the content itself, an entry can never stand for other or older data than the call carries.
 */
import type { OrderBasis } from '../core/order-checks/assess-orders.js';
import type { Assessment, PatientRecord } from '../core/types.js';
import { AssessmentCache } from './assessment-cache.js';
import { BoundedCache, type BoundedCacheOptions } from './bounded-cache.js';
import { KnownPrefetchBytes } from './known-prefetch-bytes.js';

export interface CachedPrefetch {
  /** The patient the prefetched Patient resource is: a call naming another is refused, as uncached. */
  patientId: string;
  /** Deep-frozen: shared by every call that sends the same prefetch. */
  record: PatientRecord;
  /** Mapped with the parts the prefetch lacked as gaps: a call naming a FHIR server reads them instead. */
  onlyWithoutServer: boolean;
}

/** `maxBytes`: budget of the prefetch text the entries were mapped from, a stand-in for their heap size. */
export type PrefetchCacheOptions = BoundedCacheOptions;

/**
 * Small and short-lived on purpose: the reuse that matters is a burst of hooks for the chart a
 * clinician has open (seconds to minutes), not a store of patients. 64 records of a few hundred KB each
 * stay a small part of the HTTP thread's heap (where they are kept when workers answer); five minutes
 * bounds how long a patient's data stays in memory after the EHR stops asking about them.
 */
export const PREFETCH_CACHE_DEFAULTS = { maxEntries: 64, maxBytes: 32 * 1024 * 1024, ttlMs: 5 * 60_000 };

/** What the hooks made of the cached records: kept with them (assessment-cache.ts). */
export interface RecordAssessments {
  /** patient-view: the whole assessment with its card. */
  card: AssessmentCache<Assessment>;
  /** The order hooks: the assessment without its card, and the lab values it read. */
  orders: AssessmentCache<OrderBasis>;
}

/** Records are deep-frozen as they are kept: every call that sends the same prefetch shares them. */
export class PrefetchCache extends BoundedCache<CachedPrefetch> {
  /** Dropped with their records, whenever those leave this cache and no call holds them. */
  readonly assessments: RecordAssessments = {
    card: new AssessmentCache(),
    orders: new AssessmentCache(),
  };

  /** The prefetch objects of the records kept, by their bytes: a repeat is found without a scan. */
  readonly knownObjects: KnownPrefetchBytes;

  constructor(options: PrefetchCacheOptions = {}) {
    super(PREFETCH_CACHE_DEFAULTS, options, deepFreeze);
    this.knownObjects = new KnownPrefetchBytes(
      {
        maxEntries: options.maxEntries ?? PREFETCH_CACHE_DEFAULTS.maxEntries,
        maxBytes: options.maxBytes ?? PREFETCH_CACHE_DEFAULTS.maxBytes,
        ttlMs: options.ttlMs ?? PREFETCH_CACHE_DEFAULTS.ttlMs,
      },
      options.now,
    );
  }
}

/** Freezes every object reachable from `value`, so a shared record cannot be changed by one call. */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  return value;
}
