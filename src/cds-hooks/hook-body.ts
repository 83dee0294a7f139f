/**
 * Reads a hook call's body with the prefetch cache: a prefetch seen before (same text, same issuer) is
 * not parsed again, only the rest of the request is; any other is parsed in full and its mapped record
 * offered to the cache (patient-record.ts).
 */
import { parsedOrRefused, parseJsonBody, scanJsonBody } from './http.js';
import type { KnownPrefetch } from './patient-record.js';
import type { CachedPrefetch, RecordAssessments } from './prefetch-cache.js';
import { prefetchDigest, prefetchLength, type PrefetchScope } from './prefetch-digest.js';
import { parseRequest, parseWithoutPrefetch, type RequestLayout } from './request-json.js';

export interface HookBody {
  json: unknown;
  known?: KnownPrefetch;
}

/** Where mapped records are looked up and kept: the prefetch cache, or a stand-in that hands them on. */
export interface PrefetchStore {
  get(key: string): CachedPrefetch | undefined;
  set(key: string, value: CachedPrefetch, bytes: number): void;
  readonly assessments?: RecordAssessments;
}

/** Throws HttpProblem as parseJsonBody does. */
export function readHookBody(body: Uint8Array, scope: PrefetchScope, cache?: PrefetchStore): HookBody {
  if (!cache) return { json: parseJsonBody(body) };
  const found = lookUp(body, scope, cache);
  if (found.hit) return found.hit;
  const { text, layout, keep } = found;
  return {
    json: parsedOrRefused(() => parseRequest(text, layout)),
    ...(keep ? { known: { keep, ...assessmentsOf(cache) } } : {}),
  };
}

/**
 * The body read only when its prefetch is in the cache; otherwise nothing is parsed here, and `keep`
 * (when the body has a prefetch) stores the record mapped elsewhere from it. Throws HttpProblem as
 * parseJsonBody does.
 */
export function readKnownHookBody(
  body: Uint8Array,
  scope: PrefetchScope,
  cache: PrefetchStore,
): { read: HookBody } | { key?: string; keep?: (entry: CachedPrefetch) => void } {
  const found = lookUp(body, scope, cache);
  if (found.hit) return { read: found.hit };
  return found.keep && found.key !== undefined ? { key: found.key, keep: found.keep } : {};
}

interface LookUp {
  text: string;
  layout: RequestLayout;
  /** The body read, when its prefetch was in the cache. */
  hit?: HookBody;
  /** Otherwise, when it has a prefetch: its key, and how to keep the record mapped from it. */
  key?: string;
  keep?: (entry: CachedPrefetch) => void;
}

function lookUp(body: Uint8Array, scope: PrefetchScope, cache: PrefetchStore): LookUp {
  const { text, layout } = scanJsonBody(body);
  const members = layout.prefetch;
  if (!members || members.length === 0) return { text, layout };
  const key = prefetchDigest(scope, text, body, members);
  const hit = cache.get(key);
  if (hit) {
    const prefetch = (): Record<string, unknown> | undefined => {
      const full = parseRequest(text, layout) as { prefetch?: Record<string, unknown> };
      return full.prefetch;
    };
    return {
      text,
      layout,
      hit: {
        json: parsedOrRefused(() => parseWithoutPrefetch(text, layout)),
        known: { hit, prefetch, ...assessmentsOf(cache) },
      },
    };
  }
  const bytes = prefetchLength(members);
  return { text, layout, key, keep: (entry) => cache.set(key, entry, bytes) };
}

function assessmentsOf(cache: PrefetchStore): Pick<KnownPrefetch, 'assessments'> {
  return cache.assessments ? { assessments: cache.assessments } : {};
}
