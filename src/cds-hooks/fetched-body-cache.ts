/**
 * The EHR's answers already parsed, keyed by a SHA-256 digest of their exact bytes and the FHIR server
 * that sent them. A chart's searches answer with the same bytes on order-select, order-sign and
 * patient-view; from the second call on the parse is shared (deep-frozen) instead of made again. The key
 * is the content itself, so an entry never stands for other or older data than the answer carries, and
 * it names the server, so no parse is ever shared between EHRs.
 */
import { createHash } from 'node:crypto';
import { markUnchanging } from '../fhir/load/bundle-page.js';
import { BoundedCache, type BoundedCacheOptions } from './bounded-cache.js';
import { freezeJson } from './freeze-json.js';

/**
 * A few dozen charts' answers: the reuse that matters is the burst of hooks for the chart a clinician
 * has open. The byte budget is of answer text; the parse takes a few times that on the heap, well below
 * a worker's limit (patient-view-runner.ts) with the prefetch cache beside it.
 */
export const FETCHED_BODY_CACHE_DEFAULTS = { maxEntries: 512, maxBytes: 16 * 1024 * 1024, ttlMs: 5 * 60_000 };

/** An answer's parse and the digest that names its bytes. */
export interface ReadBody {
  value: unknown;
  digest: string;
}

/** A parse and the length of the text it was made from (an entry's weight). */
export interface Parsed {
  value: unknown;
  length: number;
}

export class FetchedBodyCache {
  private readonly cache: BoundedCache<unknown>;

  constructor(options: BoundedCacheOptions = {}) {
    this.cache = new BoundedCache(FETCHED_BODY_CACHE_DEFAULTS, options);
  }

  get size(): number {
    return this.cache.size;
  }

  /**
   * The parse of `bytes` as `server` sent them with `encoding`: the kept one when these exact bytes came
   * before, else `parse()`'s, kept frozen when it is JSON (text that is not JSON is cheap and not kept).
   */
  read(server: string, encoding: string, bytes: Uint8Array, parse: () => Parsed): ReadBody {
    const digest = fetchedBodyDigest(server, encoding, bytes);
    const known = this.cache.get(digest);
    if (known !== undefined) return { value: known, digest };
    const parsed = parse();
    if (typeof parsed.value === 'object' && parsed.value !== null) {
      // Frozen, it can be shared, and the loader reads its Bundle page once (bundle-page.ts).
      markUnchanging(freezeJson(parsed.value));
      this.cache.set(digest, parsed.value, parsed.length);
    }
    return { value: parsed.value, digest };
  }
}

/** SHA-256 over the server, the content encoding and the bytes, each preceded by its length. */
export function fetchedBodyDigest(server: string, encoding: string, bytes: Uint8Array): string {
  const hash = createHash('sha256');
  for (const label of [server, encoding]) {
    hash.update(`${Buffer.byteLength(label)}:`);
    hash.update(label);
  }
  hash.update(`${bytes.byteLength}:`);
  hash.update(bytes);
  return hash.digest('base64');
}
