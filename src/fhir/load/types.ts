/**
 * The loader's contract: what it needs from the EHR connection (a {@link FhirRequester}) and what it
 * hands to the mapper (raw resources, gaps, data-quality notes and a request log without patient ids).
 */
import type { DataQualityNote, LoadGap } from '../../core/types.js';

/**
 * Anything that can GET a FHIR URL and return parsed JSON. Relative URLs are resolved against the FHIR
 * base; absolute URLs (Bundle `next` links) are used as they are. fhirclient's `client.request` fits.
 * A failed request rejects with an error that carries `status` (and, where there is one, the body).
 */
export interface FhirRequester {
  request(url: string, init?: { signal?: AbortSignal }): Promise<unknown>;
}

export type EhrKind = 'epic' | 'oracle' | 'generic';

export interface RetryPolicy {
  /** How many times a 429/503 answer is retried before the resource type becomes a gap. */
  retries: number;
  /** First back-off delay; doubled on every retry unless the server sends Retry-After. */
  baseDelayMs: number;
}

export interface LoadOptions {
  ehr?: EhrKind;
  signal?: AbortSignal;
  /** Pages followed per search before it stops with a gap (default 50). */
  maxPages?: number;
  retry?: RetryPolicy;
  /** Waiting between retries (tests pass a fake). */
  sleep?: (ms: number) => Promise<void>;
  /** Clock for durations and Retry-After dates (tests pass a fake). */
  now?: () => number;
  /** A single request that takes longer than this becomes a time-out gap (default 30 s). */
  requestTimeoutMs?: number;
  /**
   * The EHR's FHIR base (the launch `iss`). When given, a `next` link or a medication reference on another
   * origin is never requested (the requester would send it the token): it becomes a gap instead.
   */
  fhirBaseUrl?: string;
}

export interface RequestLogEntry {
  resourceType: string;
  /** The first URL of the search with the patient id replaced by `[patient]`. */
  url: string;
  status: number | 'error';
  durationMs: number;
  pages: number;
  count: number;
  error?: string;
}

export interface LoadResult {
  resources: unknown[];
  gaps: LoadGap[];
  notes: DataQualityNote[];
  log: RequestLogEntry[];
}
