/**
 * Gathers one patient's resources for a `patient-view` call: the prefetched parts first, the rest
 * read from the EHR's FHIR server with the access token the client handed over, then the drugs
 * the medication orders refer to. When a required part can be neither prefetched nor read, the
 * call ends in HTTP 412.
 */
import { uniqueBy } from '../core/unique.js';
import type { DataQualityNote, LoadGap } from '../core/types.js';
import type { FhirRequester, LoadResult } from '../fhir/load/types.js';
import type { ServiceDependencies } from './dependencies.js';
import type { FetchLedger } from './fetch-ledger.js';
import { readReferencedMedications } from './medication-reads.js';
import { PREFETCH_PARTS, type PrefetchPart } from './prefetch-plan.js';
import { readPrefetch, type PrefetchReading } from './prefetch.js';
import type { PatientViewRequest } from './schemas.js';

/** What gathering reads of a hook request (patient-view and the order hooks alike). */
export type PatientDataRequest = Pick<PatientViewRequest, 'prefetch' | 'fhirServer' | 'fhirAuthorization'> & {
  context: { patientId: string };
};

export interface GatherOptions {
  /**
   * Order hooks answer even without the required data (their cards say what could not be
   * checked): a required part that can be had neither way becomes a gap instead of a 412.
   */
  requiredAsGaps?: boolean;
  /** Where the reads from the FHIR server are written down (fetch-ledger.ts). */
  ledger?: FetchLedger;
}

export type GatheredData =
  | {
      ok: true;
      resources: unknown[];
      gaps: LoadGap[];
      notes: DataQualityNote[];
      /**
       * The data depend on the prefetch alone: `complete` when it held every part and every drug, so
       * nothing was read; `no-server` when the call named no FHIR server and every required part was
       * prefetched, so what is missing is a gap whatever the hook (a call that names a server reads it).
       */
      fromPrefetch?: 'complete' | 'no-server';
    }
  | { ok: false; missing: string[] };

/** Per-call limit for reading from the EHR; CDS clients expect an answer within seconds. */
export const FETCH_TIMEOUT_MS = 10_000;

type Loader = Pick<ServiceDependencies, 'loadPatientResources' | 'createRequester'>;

export async function gatherPatientData(
  request: PatientDataRequest,
  dependencies: Loader,
  options: GatherOptions = {},
): Promise<GatheredData> {
  const asGaps = options.requiredAsGaps === true;
  const patientId = request.context.patientId;
  const prefetched = readPrefetch(request.prefetch, patientId);
  const unmet = PREFETCH_PARTS.filter(
    (p) => p.whenMissing !== 'optional' && !prefetched.delivered.has(p.key),
  );
  const requester = request.fhirServer
    ? dependencies.createRequester(
        request.fhirServer,
        request.fhirAuthorization?.access_token,
        options.ledger,
      )
    : undefined;
  let gathered: GatheredData;
  if (unmet.length === 0) {
    gathered = { ok: true, resources: prefetched.resources, gaps: [], notes: prefetched.notes };
  } else if (!requester) {
    gathered = withoutServer(unmet, prefetched, asGaps);
  } else {
    gathered = await withServer(unmet, prefetched, await load(dependencies, requester, patientId), asGaps);
  }
  if (!gathered.ok) return gathered;
  const drugs = await readReferencedMedications(gathered.resources, requester, FETCH_TIMEOUT_MS);
  return {
    ...gathered,
    resources: [...gathered.resources, ...drugs.resources],
    gaps: [...gathered.gaps, ...drugs.gaps],
    ...fromPrefetchAlone(unmet, requester !== undefined, drugs.resources.length + drugs.gaps.length === 0),
  };
}

function fromPrefetchAlone(
  unmet: readonly PrefetchPart[],
  hasServer: boolean,
  noDrugsRead: boolean,
): Pick<Extract<GatheredData, { ok: true }>, 'fromPrefetch'> {
  if (unmet.length === 0 && noDrugsRead) return { fromPrefetch: 'complete' };
  if (!hasServer && unmet.every((part) => part.whenMissing !== 'required'))
    return { fromPrefetch: 'no-server' };
  return {};
}

/** The loader's answer, or `undefined` when it stopped (session ended, break-the-glass, nothing readable). */
async function load(
  dependencies: Loader,
  requester: FhirRequester,
  patientId: string,
): Promise<LoadResult | undefined> {
  try {
    return await dependencies.loadPatientResources(requester, patientId, {
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      requestTimeoutMs: FETCH_TIMEOUT_MS,
    });
  } catch {
    return undefined;
  }
}

function withoutServer(
  unmet: readonly PrefetchPart[],
  prefetched: PrefetchReading,
  asGaps: boolean,
): GatheredData {
  const why = (part: PrefetchPart): string =>
    `${part.resourceType} (${prefetched.unusable.get(part.key) ?? 'not prefetched'}; no fhirServer to read from)`;
  const missing = unmet.filter((part) => part.whenMissing === 'required').map(why);
  if (missing.length > 0 && !asGaps) return { ok: false, missing };
  const gaps = unmet.map((part) => ({
    resourceType: part.resourceType,
    reason: 'not prefetched and no FHIR server access',
  }));
  return { ok: true, resources: prefetched.resources, gaps, notes: prefetched.notes };
}

function withServer(
  unmet: readonly PrefetchPart[],
  prefetched: PrefetchReading,
  loaded: LoadResult | undefined,
  asGaps: boolean,
): GatheredData {
  const required = unmet.filter((part) => part.whenMissing === 'required');
  if (!loaded) {
    const missing = required.map((part) => `${part.resourceType} (the FHIR server could not be read)`);
    if (missing.length > 0 && !asGaps) return { ok: false, missing };
    const gaps = unmet.map((part) => ({
      resourceType: part.resourceType,
      reason: 'the FHIR server could not be read',
    }));
    return { ok: true, resources: prefetched.resources, gaps, notes: prefetched.notes };
  }
  const gapOf = (part: PrefetchPart): LoadGap | undefined =>
    loaded.gaps.find((g) => g.resourceType === part.resourceType);
  const missing = required.flatMap((part) => {
    const gap = gapOf(part);
    return gap ? [`${part.resourceType} (${gap.reason})`] : [];
  });
  const resources = mergeResources(prefetched.resources, loaded.resources);
  if (missing.length === 0 && !resources.some((resource) => resourceTypeOf(resource) === 'Patient')) {
    missing.push('Patient (not found on the FHIR server)');
  }
  if (missing.length > 0 && !asGaps) return { ok: false, missing };
  const patientGap: LoadGap[] = missing.some((m) => m.startsWith('Patient ('))
    ? [{ resourceType: 'Patient', reason: 'not found on the FHIR server' }]
    : [];
  // Gaps of types the prefetch delivered completely (every part of the type) do not matter; all others do.
  const delivered = new Set(
    PREFETCH_PARTS.filter((p) => prefetched.delivered.has(p.key))
      .map((p) => p.resourceType)
      .filter((type) =>
        PREFETCH_PARTS.every((p) => p.resourceType !== type || prefetched.delivered.has(p.key)),
      ),
  );
  const gaps = [...loaded.gaps.filter((gap) => !delivered.has(gap.resourceType)), ...patientGap];
  return { ok: true, resources, gaps, notes: [...prefetched.notes, ...loaded.notes] };
}

/** Prefetched and read resources together, each `Type/id` once (the prefetched copy wins). */
function mergeResources(prefetched: readonly unknown[], loaded: readonly unknown[]): unknown[] {
  return uniqueBy([...prefetched, ...loaded], resourceKey);
}

function resourceTypeOf(resource: unknown): string | undefined {
  if (typeof resource !== 'object' || resource === null || !('resourceType' in resource)) return undefined;
  return typeof resource.resourceType === 'string' ? resource.resourceType : undefined;
}

function resourceKey(resource: unknown): string | undefined {
  const type = resourceTypeOf(resource);
  const id = typeof resource === 'object' && resource !== null && 'id' in resource ? resource.id : undefined;
  return type !== undefined && typeof id === 'string' ? `${type}/${id}` : undefined;
}
