/**
 * The exact bytes of the prefetch objects whose records the prefetch cache holds, with their cache keys,
 * so a call that sends one of them again is recognised by comparing bytes (memcmp) instead of scanning
 * the whole body character by character and hashing its prefetch: on a cache hit those two were a
 * quarter of the HTTP thread's work. Only where to look is guessed here; whether the bytes found really
 * are the call's top-level prefetch is proven by the caller (hook-body.ts), which reads the rest of the
 * body with a marker in their place.
 */
import type { CacheBounds } from './bounded-cache.js';
import type { PrefetchScope } from './prefetch-digest.js';

/** Where a remembered prefetch object stands in a body: from its `{` to just after its `}`. */
export interface FoundPrefetch {
  key: string;
  start: number;
  end: number;
}

interface Remembered {
  scope: string;
  bytes: Buffer;
  key: string;
  expires: number;
}

/**
 * A body's bytes are compared with at most this many remembered objects: a hit is nearly always the
 * most recent one of its chart, and a miss (new data for a chart seen before, sharing most bytes with
 * the older versions) must not cost dozens of long comparisons before the ordinary scan.
 */
const MAX_COMPARED = 8;

/** At most this many `"prefetch"` occurrences are tried (one is usual; more are in drafts or notes). */
const MAX_OCCURRENCES = 4;

const PREFETCH_KEY = Buffer.from('"prefetch"');
const OPEN_BRACE = 0x7b;
const COLON = 0x3a;

export class KnownPrefetchBytes {
  /** Most recently used first. */
  private entries: Remembered[] = [];
  private held = 0;

  /** The bounds of the prefetch cache it serves: an object is remembered about as long as its record. */
  constructor(
    private readonly bounds: CacheBounds,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.length;
  }

  /** Remembers a prefetch object's bytes (kept as given: pass a copy) under the cache key of its record. */
  remember(scope: PrefetchScope, bytes: Uint8Array, key: string): void {
    if (bytes.byteLength > this.bounds.maxBytes) return;
    const scopeText = scopeKey(scope);
    this.drop((entry) => entry.key === key && entry.scope === scopeText);
    this.entries.unshift({
      scope: scopeText,
      bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      key,
      expires: this.now() + this.bounds.ttlMs,
    });
    this.held += bytes.byteLength;
    while (this.entries.length > this.bounds.maxEntries || this.held > this.bounds.maxBytes) {
      const oldest = this.entries.pop();
      if (oldest) this.held -= oldest.bytes.byteLength;
    }
  }

  /** A remembered object of this scope standing in `body` as the value of a `"prefetch"` key, if any. */
  find(body: Uint8Array, scope: PrefetchScope): FoundPrefetch | undefined {
    if (this.entries.length === 0) return undefined;
    const now = this.now();
    this.drop((entry) => entry.expires <= now);
    const scopeText = scopeKey(scope);
    const view = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    let from = 0;
    for (let tries = 0; tries < MAX_OCCURRENCES; tries += 1) {
      const at = view.indexOf(PREFETCH_KEY, from);
      if (at === -1) return undefined;
      from = at + PREFETCH_KEY.length;
      const start = valueStart(view, from);
      if (start === -1) continue;
      const found = this.compare(view, start, scopeText);
      if (found) return found;
    }
    return undefined;
  }

  private compare(view: Buffer, start: number, scope: string): FoundPrefetch | undefined {
    let compared = 0;
    for (let i = 0; i < this.entries.length && compared < MAX_COMPARED; i += 1) {
      const entry = this.entries[i]!;
      const end = start + entry.bytes.byteLength;
      if (
        entry.scope !== scope ||
        end > view.byteLength ||
        view[end - 1] !== entry.bytes[entry.bytes.length - 1]
      )
        continue;
      compared += 1;
      if (view.compare(entry.bytes, 0, entry.bytes.byteLength, start, end) !== 0) continue;
      if (i > 0) {
        this.entries.splice(i, 1);
        this.entries.unshift(entry);
      }
      return { key: entry.key, start, end };
    }
    return undefined;
  }

  private drop(matches: (entry: Remembered) => boolean): void {
    if (!this.entries.some(matches)) return;
    this.entries = this.entries.filter((entry) => {
      if (!matches(entry)) return true;
      this.held -= entry.bytes.byteLength;
      return false;
    });
  }
}

/** After `"prefetch"`: the index of the `{` that opens its value (spaces and the colon between), or -1. */
function valueStart(view: Buffer, from: number): number {
  let i = skipSpaces(view, from);
  if (view[i] !== COLON) return -1;
  i = skipSpaces(view, i + 1);
  return view[i] === OPEN_BRACE ? i : -1;
}

function skipSpaces(view: Buffer, from: number): number {
  let i = from;
  // JSON's four whitespace characters: space, tab, line feed, carriage return.
  while (view[i] === 0x20 || view[i] === 0x09 || view[i] === 0x0a || view[i] === 0x0d) i += 1;
  return i;
}

/** One string per scope, unambiguous (JSON of the issuer and the server list). */
function scopeKey(scope: PrefetchScope): string {
  return JSON.stringify([scope.issuer ?? null, scope.fhirServers ?? []]);
}
