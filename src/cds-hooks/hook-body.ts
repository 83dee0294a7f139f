/**
 * Reads a hook call's body with the prefetch cache: a prefetch seen before (same text, same issuer) is
 * not parsed again, only the rest of the request is; any other is parsed in full and its mapped record
 * offered to the cache (patient-record.ts).
 */
import { parsedOrRefused, parseJsonBody, scanJsonBody } from './http.js';
import type { KnownPrefetchBytes } from './known-prefetch-bytes.js';
import type { KnownPrefetch } from './patient-record.js';
import type { CachedPrefetch, RecordAssessments } from './prefetch-cache.js';
import { prefetchDigest, prefetchLength, type PrefetchScope } from './prefetch-digest.js';
import { parseRequest, parseWithoutPrefetch, scanRequest, type RequestLayout } from './request-json.js';

export interface HookBody {
  json: unknown;
  known?: KnownPrefetch;
}

/** Where mapped records are looked up and kept: the prefetch cache, or a stand-in that hands them on. */
export interface PrefetchStore {
  get(key: string): CachedPrefetch | undefined;
  set(key: string, value: CachedPrefetch, bytes: number): void;
  readonly assessments?: RecordAssessments;
  /** The bytes of the prefetch objects kept: a repeat is found by comparing them (known-prefetch-bytes.ts). */
  readonly knownObjects?: KnownPrefetchBytes;
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

/** What the scan of a body found, for the thread that parses it (so it does not scan or hash it again). */
export interface ScannedBody {
  layout: RequestLayout;
  /** The prefetch's cache key, when the body has a prefetch. */
  key?: string;
}

/** A body whose prefetch the cache does not hold: what its scan found, and how to keep its record. */
export interface UnknownHookBody {
  scanned: ScannedBody;
  /** Stores the record mapped elsewhere from the prefetch, under `scanned.key` (only when there is one). */
  keep?: (entry: CachedPrefetch) => void;
}

/**
 * The body read only when its prefetch is in the cache; otherwise nothing is parsed here: `scanned` says
 * what the scan found, and `keep` (when the body has a prefetch) stores the record mapped elsewhere from
 * it. Throws HttpProblem as parseJsonBody does.
 */
export function readKnownHookBody(
  body: Uint8Array,
  scope: PrefetchScope,
  cache: PrefetchStore,
): { read: HookBody } | UnknownHookBody {
  const found = lookUp(body, scope, cache);
  if (found.hit) return { read: found.hit };
  const scanned = { layout: found.layout, ...(found.key !== undefined ? { key: found.key } : {}) };
  return found.keep && found.key !== undefined ? { scanned, keep: found.keep } : { scanned };
}

/**
 * A body another thread has scanned (readKnownHookBody, on the same bytes), read as readHookBody reads a
 * body whose prefetch the cache does not hold: parsed in full, its mapped record offered to `cache` under
 * the key found. Throws HttpProblem for invalid JSON, as parseJsonBody does.
 */
export function readScannedHookBody(body: Uint8Array, scanned: ScannedBody, cache?: PrefetchStore): HookBody {
  const { layout, key } = scanned;
  const text = utf8(body, 0, body.byteLength);
  const json = parsedOrRefused(() => parseRequest(text, layout));
  const members = layout.prefetch;
  if (!cache || key === undefined || !members || members.length === 0) return { json };
  const bytes = prefetchLength(members);
  return { json, known: { keep: (entry) => cache.set(key, entry, bytes), ...assessmentsOf(cache) } };
}

type LookUp =
  | {
      /** The body read, when its prefetch was in the cache. */
      hit: HookBody;
    }
  | {
      hit?: undefined;
      text: string;
      layout: RequestLayout;
      /** When the body has a prefetch: its key, and how to keep the record mapped from it. */
      key?: string;
      keep?: (entry: CachedPrefetch) => void;
    };

function lookUp(body: Uint8Array, scope: PrefetchScope, cache: PrefetchStore): LookUp {
  const known = cache.knownObjects ? knownByBytes(body, scope, cache, cache.knownObjects) : undefined;
  if (known) return { hit: known };
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
      hit: {
        json: parsedOrRefused(() => parseWithoutPrefetch(text, layout)),
        known: { hit, prefetch, ...assessmentsOf(cache) },
      },
    };
  }
  const bytes = prefetchLength(members);
  // Copied now: the body itself may move to a worker. Text offsets are byte offsets in ASCII only.
  const object = layout.prefetchObject;
  const objectBytes =
    cache.knownObjects && object && text.length === body.byteLength
      ? body.slice(object.start, object.end)
      : undefined;
  return {
    text,
    layout,
    key,
    keep: (entry) => {
      cache.set(key, entry, bytes);
      if (objectBytes) cache.knownObjects?.remember(scope, objectBytes, key);
    },
  };
}

/** Put where a known prefetch object stood, so the rest of the body is scanned and parsed alone. */
const MARKER = '{"":0}';

/**
 * The body read when it carries a prefetch object the cache holds a record of, found by its bytes; else
 * undefined, and the body is read the ordinary way. The object counts only where the ordinary way would
 * find it: the rest of the body, with a marker in its place, must be valid JSON (so the object is one
 * whole value) whose one top-level `prefetch` member is that marker. Its own nesting was checked when it
 * was first seen; the rest's is checked here.
 */
function knownByBytes(
  body: Uint8Array,
  scope: PrefetchScope,
  cache: PrefetchStore,
  known: KnownPrefetchBytes,
): HookBody | undefined {
  const found = known.find(body, scope);
  if (!found) return undefined;
  const hit = cache.get(found.key);
  if (!hit) return undefined;
  const before = utf8(body, 0, found.start);
  const reduced = `${before}${MARKER}${utf8(body, found.end, body.byteLength)}`;
  const layout = scanRequest(reduced);
  if (layout.tooDeep || layout.prefetch?.length !== 1 || layout.prefetchObject?.start !== before.length)
    return undefined;
  let json: unknown;
  try {
    json = parseWithoutPrefetch(reduced, layout);
  } catch {
    return undefined;
  }
  const prefetch = (): Record<string, unknown> | undefined => {
    const text = utf8(body, 0, body.byteLength);
    const full = parseRequest(text, scanRequest(text)) as { prefetch?: Record<string, unknown> };
    return full.prefetch;
  };
  return { json, known: { hit, prefetch, ...assessmentsOf(cache) } };
}

function utf8(body: Uint8Array, start: number, end: number): string {
  return Buffer.from(body.buffer, body.byteOffset + start, end - start).toString('utf8');
}

function assessmentsOf(cache: PrefetchStore): Pick<KnownPrefetch, 'assessments'> {
  return cache.assessments ? { assessments: cache.assessments } : {};
}
