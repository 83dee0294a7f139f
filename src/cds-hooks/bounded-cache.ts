/**
 * A least-recently-used map bounded three ways: entries, a byte budget (the size of the text each value
 * was read from, a stand-in for its heap size) and a time to live. Values shared between calls are
 * frozen by the `share` function given, as they are kept (a value too large to keep stays as it was).
 */
export interface CacheBounds {
  maxEntries: number;
  maxBytes: number;
  ttlMs: number;
}

export interface BoundedCacheOptions extends Partial<CacheBounds> {
  /** Milliseconds since the epoch; injected by tests. */
  now?: () => number;
}

interface Entry<T> {
  value: T;
  bytes: number;
  expires: number;
}

export class BoundedCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private held = 0;
  private readonly now: () => number;
  private readonly bounds: CacheBounds;

  constructor(
    defaults: CacheBounds,
    options: BoundedCacheOptions = {},
    private readonly share: (value: T) => T = (value) => value,
  ) {
    this.now = options.now ?? Date.now;
    this.bounds = {
      maxEntries: options.maxEntries ?? defaults.maxEntries,
      maxBytes: options.maxBytes ?? defaults.maxBytes,
      ttlMs: options.ttlMs ?? defaults.ttlMs,
    };
  }

  get size(): number {
    return this.entries.size;
  }

  /** The bytes the entries held now were read from. */
  get bytes(): number {
    return this.held;
  }

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.remove(key, entry);
      return undefined;
    }
    // Map keeps insertion order: re-inserting makes this the most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Keeps `value` for `key`; one larger than the whole budget is not kept at all. */
  set(key: string, value: T, bytes: number): void {
    if (bytes > this.bounds.maxBytes) return;
    const old = this.entries.get(key);
    if (old) this.remove(key, old);
    this.entries.set(key, { value: this.share(value), bytes, expires: this.now() + this.bounds.ttlMs });
    this.held += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size <= this.bounds.maxEntries && this.held <= this.bounds.maxBytes) break;
      this.remove(oldest, entry);
    }
  }

  private remove(key: string, entry: Entry<T>): void {
    this.entries.delete(key);
    this.held -= entry.bytes;
  }
}
