/**
 * Remembers each decision's write so a double click or a retry never POSTs twice: a call while the
 * first is in flight shares its promise, a call after success gets the first result, and a call after
 * an uncertain failure (time-out, network, 5xx) is told to look for the earlier write first.
 */
export interface LedgerEntry<T> {
  promise?: Promise<T>;
  result?: T;
  /** The last attempt may have reached the server although no answer came back. */
  uncertain: boolean;
}

export class DecisionLedger<T> {
  private readonly entries = new Map<string, LedgerEntry<T>>();

  run(
    key: string,
    attempt: (uncertain: boolean) => Promise<T>,
    isUncertain: (error: unknown) => boolean,
  ): Promise<T> {
    const entry = this.entries.get(key) ?? { uncertain: false };
    this.entries.set(key, entry);
    if (entry.result !== undefined) return Promise.resolve(entry.result);
    if (entry.promise) return entry.promise;
    const promise = attempt(entry.uncertain).then(
      (result) => {
        entry.result = result;
        entry.uncertain = false;
        delete entry.promise;
        return result;
      },
      (error: unknown) => {
        entry.uncertain = entry.uncertain || isUncertain(error);
        delete entry.promise;
        throw error;
      },
    );
    entry.promise = promise;
    return promise;
  }
}
