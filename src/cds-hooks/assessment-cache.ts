/**
 * Assessments of the records the prefetch cache shares (prefetch-cache.ts). An assessment is a pure
 * function of the record and of the inputs named here, so a call that sends a prefetch seen before, on
 * the same as-of date with the same settings, is given the assessment made for the first one instead of
 * assessing again. Only frozen records are kept (those the prefetch cache shares, which no call can
 * change), each result deep-frozen too; a record's results go when the record does.
 */
import type { PatientRecord, SiteConfig } from '../core/types.js';
import { deepFreeze } from './prefetch-cache.js';

/** Everything besides the record that an assessment depends on. */
export interface AssessmentInputs {
  asOf: string;
  site?: Partial<SiteConfig> | undefined;
  appLaunchUrl?: string | undefined;
  /** Told apart by identity: two functions are never assumed to give the same uuids. */
  uuid?: ((seed: string) => string) | undefined;
  /** The function that assesses, told apart by identity too (tests inject their own). */
  assessor?: object | undefined;
}

/** One result per as-of day and settings; a record lives minutes in the prefetch cache, so few days. */
const MAX_RESULTS_PER_RECORD = 4;

export class AssessmentCache<T extends object> {
  private readonly byRecord = new WeakMap<PatientRecord, Map<string, T>>();
  private readonly identities = new WeakMap<object, number>();
  private identityCount = 0;

  /** The result for `record` and `inputs`: kept from before, or computed now (and kept when shareable). */
  reuse(record: PatientRecord, inputs: AssessmentInputs, compute: () => T): T {
    if (!Object.isFrozen(record)) return compute();
    const key = this.keyOf(inputs);
    let results = this.byRecord.get(record);
    const kept = results?.get(key);
    if (kept !== undefined) return kept;
    const result = deepFreeze(compute());
    if (!results) {
      results = new Map();
      this.byRecord.set(record, results);
    }
    if (results.size >= MAX_RESULTS_PER_RECORD) {
      const oldest = results.keys().next();
      if (!oldest.done) results.delete(oldest.value);
    }
    results.set(key, result);
    return result;
  }

  /** JSON of every input: two different inputs never give the same key. */
  private keyOf(inputs: AssessmentInputs): string {
    return JSON.stringify(
      [
        inputs.asOf,
        inputs.site ?? null,
        inputs.appLaunchUrl ?? null,
        this.identity(inputs.uuid),
        this.identity(inputs.assessor),
      ],
      // JSON writes NaN and ±Infinity as null: spelled out, so no two numbers share a key.
      (_key, value: unknown) =>
        typeof value === 'number' && !Number.isFinite(value) ? `number:${value}` : value,
    );
  }

  /** A number per function or object, 0 for none: two are never confused, and nothing is kept alive. */
  private identity(value: object | undefined): number {
    if (value === undefined) return 0;
    let id = this.identities.get(value);
    if (id === undefined) {
      id = this.identityCount += 1;
      this.identities.set(value, id);
    }
    return id;
  }
}
