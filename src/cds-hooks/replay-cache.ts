/**
 * Remembers the `jti` of every accepted JWT until the token could no longer be accepted anyway,
 * so a captured token cannot be replayed (CDS Hooks 2.0: "jti … to protect against replay").
 * Kept in memory: a restart forgets it, which is safe because tokens live only minutes.
 */
export class ReplayCache {
  private readonly seen = new Map<string, number>();
  private nextSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Records `key` as used until `expiresAtMs`. Returns false when it was already used (a replay).
   */
  use(key: string, expiresAtMs: number): boolean {
    const now = this.now();
    this.sweep(now);
    const until = this.seen.get(key);
    if (until !== undefined && until > now) return false;
    this.seen.set(key, expiresAtMs);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  /** Drops expired entries at most once a second, so the map stays as small as the live tokens. */
  private sweep(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + 1000;
    for (const [key, until] of this.seen) if (until <= now) this.seen.delete(key);
  }
}
