/**
 * The patient's mapped record for a hook call: from the prefetch cache when the call's prefetch was
 * seen before, else gathered (prefetch, then the FHIR server) and mapped, and kept for the next call
 * when it depends on the prefetch alone, or on the FHIR server's answers alone (fetched-record-cache.ts).
 * Shared by patient-view and the order hooks.
 */
import type { PatientRecord } from '../core/types.js';
import { gatherPatientData, type GatherOptions, type PatientDataRequest } from './patient-data.js';
import type { CachedPrefetch, RecordAssessments } from './prefetch-cache.js';
import { PrefetchPatientMismatch } from './prefetch.js';
import type { ServiceDependencies } from './dependencies.js';
import { FetchLedger } from './fetch-ledger.js';
import type { FetchedRecordCache } from './fetched-record-cache.js';

/** What the prefetch cache knows of a call (hook-body.ts). */
export interface KnownPrefetch {
  /** The record mapped from this very prefetch; the request then carries `prefetch: {}`. */
  hit?: CachedPrefetch;
  /** Keeps the record mapped from this call's prefetch for the calls that send it again. */
  keep?: (entry: CachedPrefetch) => void;
  /** With `hit`: the prefetch itself, parsed on demand when the entry does not fit the call. */
  prefetch?: () => Record<string, unknown> | undefined;
  /** The assessments made of the cached records: a hit on the same day is not assessed again. */
  assessments?: RecordAssessments;
}

export type RecordResult =
  | {
      ok: true;
      record: PatientRecord;
      /** Where the assessments of this record are kept, when it is shared by the calls that bring the same data. */
      assessments?: RecordAssessments;
    }
  | { ok: false; missing: string[] };

export async function patientRecordFor(
  request: PatientDataRequest,
  dependencies: ServiceDependencies,
  options: GatherOptions = {},
  known: KnownPrefetch = {},
): Promise<RecordResult> {
  const patientId = request.context.patientId;
  const shared = known.assessments ? { assessments: known.assessments } : {};
  if (known.hit) {
    // The entry exists only because its Patient was this id: any other id is the mismatch reading it finds.
    if (known.hit.patientId !== patientId) throw new PrefetchPatientMismatch();
    if (!known.hit.onlyWithoutServer || request.fhirServer === undefined)
      return { ok: true, record: known.hit.record, ...shared };
    // Gaps this call's FHIR server can fill: read as without the cache (and not kept).
    return patientRecordFor({ ...request, prefetch: known.prefetch?.() }, dependencies, options);
  }
  const ledger = readsAll(request) && dependencies.fetchedRecords ? new FetchLedger() : undefined;
  const gathered = await gatherPatientData(request, dependencies, ledger ? { ...options, ledger } : options);
  if (!gathered.ok) return gathered;
  const fetchedKey = ledger?.key({
    fhirServer: request.fhirServer ?? '',
    patientId,
    requiredAsGaps: options.requiredAsGaps === true,
  });
  const fetchedRecords = dependencies.fetchedRecords;
  const fetched = fetchedKey === undefined ? undefined : fetchedRecords?.get(fetchedKey);
  if (fetched) return { ok: true, record: fetched, ...assessmentsOf(fetchedRecords) };
  const mapped = dependencies.mapPatientResources(gathered.resources, { patientId, gaps: gathered.gaps });
  const record = { ...mapped, dataQuality: [...mapped.dataQuality, ...gathered.notes] };
  if (gathered.fromPrefetch !== undefined)
    known.keep?.({ patientId, record, onlyWithoutServer: gathered.fromPrefetch === 'no-server' });
  if (ledger && fetchedKey !== undefined && fetchedRecords) {
    fetchedRecords.set(fetchedKey, record, ledger.bytes);
    return { ok: true, record, ...assessmentsOf(fetchedRecords) };
  }
  return { ok: true, record, ...shared };
}

function assessmentsOf(records: FetchedRecordCache | undefined): { assessments?: RecordAssessments } {
  return records ? { assessments: records.assessments } : {};
}

/** A call that prefetched nothing: its data are the FHIR server's answers alone. */
function readsAll(request: PatientDataRequest): boolean {
  return request.fhirServer !== undefined && Object.keys(request.prefetch ?? {}).length === 0;
}
