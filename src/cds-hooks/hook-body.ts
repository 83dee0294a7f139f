/**
 * Reads a hook call's body with the prefetch cache: a prefetch seen before (same text, same issuer) is
 * not parsed again, only the rest of the request is; any other is parsed in full and its mapped record
 * offered to the cache (patient-record.ts).
 */
import { parsedOrRefused, parseJsonBody, scanJsonBody } from './http.js';
import type { KnownPrefetch } from './patient-record.js';
import type { PrefetchCache } from './prefetch-cache.js';
import { prefetchDigest, prefetchLength, type PrefetchScope } from './prefetch-digest.js';
import { parseRequest, parseWithoutPrefetch } from './request-json.js';

export interface HookBody {
  json: unknown;
  known?: KnownPrefetch;
}

/** Throws HttpProblem as parseJsonBody does. */
export function readHookBody(body: Uint8Array, scope: PrefetchScope, cache?: PrefetchCache): HookBody {
  if (!cache) return { json: parseJsonBody(body) };
  const { text, layout } = scanJsonBody(body);
  const members = layout.prefetch;
  if (!members || members.length === 0) return { json: parsedOrRefused(() => parseRequest(text, layout)) };
  const key = prefetchDigest(scope, text, body, members);
  const hit = cache.get(key);
  if (hit) {
    const prefetch = (): Record<string, unknown> | undefined => {
      const full = parseRequest(text, layout) as { prefetch?: Record<string, unknown> };
      return full.prefetch;
    };
    return {
      json: parsedOrRefused(() => parseWithoutPrefetch(text, layout)),
      known: { hit, prefetch, assessments: cache.assessments },
    };
  }
  const bytes = prefetchLength(members);
  return {
    json: parsedOrRefused(() => parseRequest(text, layout)),
    known: { keep: (entry) => cache.set(key, entry, bytes), assessments: cache.assessments },
  };
}
