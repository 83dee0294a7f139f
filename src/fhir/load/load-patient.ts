/**
 * Loads everything one patient's assessment needs, all searches in parallel. A type that cannot be
 * read becomes a gap (the rest still loads); only failures that make any picture wrong or impossible
 * stop the whole load (session ended, break-the-glass, nothing readable at all).
 */
import { uniqueBy } from '../../core/unique.js';
import type { DataQualityNote, LoadGap } from '../../core/types.js';
import { aborted, LoadError } from './load-error.js';
import { MAX_MEDICATION_READS, missingMedicationReads } from './medication-references.js';
import { foreignOriginOf, foreignOriginReason } from './origin-pin.js';
import { defaultSleep, type RequestContext } from './request.js';
import { runSearch, type SearchResult } from './run-search.js';
import { planSearches, type PlannedSearch } from './search-plan.js';
import { uniqueCopies } from './unique-copies.js';
import type { FhirRequester, LoadOptions, LoadResult } from './types.js';

const DEFAULTS = { maxPages: 50, retry: { retries: 3, baseDelayMs: 500 }, requestTimeoutMs: 30_000 };

/** Runs searches in parallel; the first stopping failure cancels the others and is rethrown. */
async function runAll(
  ctx: RequestContext,
  searches: readonly PlannedSearch[],
  maxPages: number,
): Promise<SearchResult[]> {
  const cancel = new AbortController();
  const onAbort = (): void => cancel.abort();
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  let firstStop: LoadError | undefined;
  try {
    const shared: RequestContext = { ...ctx, signal: cancel.signal };
    const results = await Promise.all(
      searches.map(async (search) => {
        const result = await runSearch(shared, search, maxPages);
        if (result.stop && !firstStop) {
          firstStop = result.stop;
          cancel.abort();
        }
        return result;
      }),
    );
    if (ctx.signal?.aborted) throw aborted();
    if (firstStop) throw firstStop;
    return results;
  } finally {
    ctx.signal?.removeEventListener('abort', onAbort);
  }
}

/** Nothing at all could be read: showing an empty record would look like a patient without data. */
function nothingReadable(results: readonly SearchResult[]): LoadError | undefined {
  const clinical = results.filter((result) => result.log.resourceType !== 'Patient');
  const failed = clinical.filter((result) => result.gap);
  const answered = clinical.filter((result) => !result.gap && result.log.status === 200);
  if (answered.length > 0 || failed.length === 0) return undefined;
  if (failed.every((result) => result.gap?.scopeMissing)) {
    const types = [...new Set(failed.map((result) => result.log.resourceType))];
    return new LoadError(
      'scope-missing',
      `The EHR did not grant AIH Navigator access to ${types.join(', ')}. Ask your administrator to add the app's read scopes.`,
      { status: 403, scope: types.map((type) => `patient/${type}.rs`).join(' ') },
    );
  }
  return new LoadError(
    'unavailable',
    'The EHR could not be read just now. Please try again in a few minutes.',
    {
      status: failed[0]?.log.status ?? 'error',
    },
  );
}

function capMedicationReads(reads: PlannedSearch[], gaps: LoadGap[]): PlannedSearch[] {
  if (reads.length <= MAX_MEDICATION_READS) return reads;
  gaps.push({
    resourceType: 'Medication',
    reason: `Medication: ${reads.length - MAX_MEDICATION_READS} referenced drugs were not read (more than ${MAX_MEDICATION_READS}).`,
  });
  return reads.slice(0, MAX_MEDICATION_READS);
}

/**
 * Drugs referenced on another server are not read (the read would carry the token there). Like any
 * unreadable Medication they become a gap, and the mapper notes each order whose drug stays unknown.
 */
function keepSameOriginReads(
  reads: PlannedSearch[],
  fhirBaseUrl: string | undefined,
  gaps: LoadGap[],
): PlannedSearch[] {
  if (fhirBaseUrl === undefined) return reads;
  const foreign = new Set<string>();
  const kept = reads.filter((read) => {
    const origin = foreignOriginOf(read.url, fhirBaseUrl);
    if (origin !== undefined) foreign.add(origin);
    return origin === undefined;
  });
  const count = reads.length - kept.length;
  if (count > 0) {
    const what = `Medication: ${count} referenced ${count === 1 ? 'drug was' : 'drugs were'}`;
    gaps.push({ resourceType: 'Medication', reason: foreignOriginReason(what, [...foreign].join(', ')) });
  }
  return kept;
}

export async function loadPatientResources(
  requester: FhirRequester,
  patientId: string,
  options: LoadOptions = {},
): Promise<LoadResult> {
  const ctx: RequestContext = {
    requester,
    signal: options.signal,
    retry: options.retry ?? DEFAULTS.retry,
    sleep: options.sleep ?? defaultSleep,
    now: options.now ?? Date.now,
    timeoutMs: options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
    ...(options.fhirBaseUrl !== undefined ? { fhirBaseUrl: options.fhirBaseUrl } : {}),
  };
  const maxPages = options.maxPages ?? DEFAULTS.maxPages;
  if (ctx.signal?.aborted) throw aborted();
  const first = await runAll(ctx, planSearches(patientId, options.ehr ?? 'generic'), maxPages);
  const unreadable = nothingReadable(first);
  if (unreadable) throw unreadable;
  const extraGaps: LoadGap[] = [];
  const wanted = missingMedicationReads(first.flatMap((r) => r.resources));
  const reads = capMedicationReads(keepSameOriginReads(wanted, ctx.fhirBaseUrl, extraGaps), extraGaps);
  const results = reads.length > 0 ? [...first, ...(await runAll(ctx, reads, maxPages))] : first;
  const gaps: LoadGap[] = results.flatMap((r) =>
    r.gap ? [{ resourceType: r.gap.resourceType, reason: r.gap.reason }] : [],
  );
  const notes: DataQualityNote[] = results.flatMap((r) => r.notes);
  return {
    resources: uniqueCopies(results.flatMap((r) => r.resources)),
    gaps: uniqueBy([...gaps, ...extraGaps], (g) => `${g.resourceType}|${g.reason}`),
    notes: uniqueBy(notes, (n) => `${n.code}|${n.message}`),
    log: results.map((r) => r.log),
  };
}
