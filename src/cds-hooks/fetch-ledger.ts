/**
 * What one call read from the EHR, answer by answer: each URL asked for and the digest of the bytes
 * that came back (fetched-body-cache.ts). The loader and the mapper make the same record from the same
 * answers, so these name the record: a call whose every answer repeats an earlier call's reuses its
 * mapped record (fetched-record-cache.ts). Any request that failed, timed out or was cancelled makes
 * the call's data depend on more than its answers: such a call has no key.
 */
import { createHash } from 'node:crypto';

/** What else the record depends on: where the answers came from, whose chart, and how gaps are read. */
export interface LedgerScope {
  fhirServer: string;
  patientId: string;
  requiredAsGaps: boolean;
}

export class FetchLedger {
  private readonly answers: string[] = [];
  private broken = false;
  private length = 0;

  /** A 2xx answer to `url`, its bytes named by `digest`, `length` characters of text. */
  answered(url: string, digest: string, length: number): void {
    this.answers.push(`${url.length}:${url}${digest}`);
    this.length += length;
  }

  /** A request that did not end in an answer the loader used. */
  failed(): void {
    this.broken = true;
  }

  /** The text the answers held: the weight of the record kept under this ledger's key. */
  get bytes(): number {
    return this.length;
  }

  /** The key of the record mapped from exactly these answers; undefined when one failed or none came. */
  key(scope: LedgerScope): string | undefined {
    if (this.broken || this.answers.length === 0) return undefined;
    const hash = createHash('sha256');
    const label = (value: string): void => {
      hash.update(`${Buffer.byteLength(value)}:`);
      hash.update(value);
    };
    label(scope.fhirServer);
    label(scope.patientId);
    label(scope.requiredAsGaps ? 'gaps' : 'required');
    label(String(this.answers.length));
    // Searches answer in any order: sorted, the same answers give the same key.
    for (const answer of [...this.answers].sort()) label(answer);
    return hash.digest('base64');
  }
}
