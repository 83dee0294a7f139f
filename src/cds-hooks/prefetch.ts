/**
 * Reads what the CDS client prefetched. A part counts as delivered only when it is complete: an
 * omitted key (the client did not or could not prefetch it), an error OperationOutcome, a Bundle
 * that still has a `next` page, or a break-the-glass refusal all leave the part to the FHIR server.
 * A search sent as `null` is delivered and empty: CDS Hooks 2.0 §Prefetch uses `null` for a query
 * that found nothing. Resources that two parts both return (an Observation found by its LOINC code
 * and by its category) are kept once, as the loader keeps them.
 */
import type { DataQualityNote } from '../core/types.js';
import { uniqueBy } from '../core/unique.js';
import { readBundlePage } from '../fhir/load/bundle-page.js';
import { keyOf } from '../fhir/load/medication-references.js';
import { BREAK_THE_GLASS_CODES, hasAnyCode, outcomeText, parseOutcome } from '../fhir/load/outcome.js';
import { flattenBundle } from '../fhir/map.js';
import { PREFETCH_PARTS, type PrefetchPart } from './prefetch-plan.js';

export interface PrefetchReading {
  resources: unknown[];
  /** Keys of the parts delivered completely. */
  delivered: Set<string>;
  /** Why a part that was sent could not be used (for the 412 answer when it cannot be read either). */
  unusable: Map<string, string>;
  notes: DataQualityNote[];
}

/** Thrown when the prefetched Patient is not the patient of the hook context: never mix patients. */
export class PrefetchPatientMismatch extends Error {
  constructor() {
    super('prefetch.patient is not the patient named in context.patientId');
    this.name = 'PrefetchPatientMismatch';
  }
}

export function readPrefetch(
  prefetch: Record<string, unknown> | undefined,
  patientId: string,
): PrefetchReading {
  const reading: PrefetchReading = { resources: [], delivered: new Set(), unusable: new Map(), notes: [] };
  // A value the client sent twice (request-json.ts reads both keys as one object) is read once.
  const searches = new Map<unknown, { resources: unknown[] | undefined; notes: DataQualityNote[] }>();
  const readSearchOnce = (value: unknown): unknown[] | undefined => {
    let read = searches.get(value);
    if (!read) {
      const notes: DataQualityNote[] = [];
      read = { resources: readSearch(value, notes), notes };
      searches.set(value, read);
    }
    reading.notes.push(...read.notes);
    return read.resources;
  };
  for (const part of PREFETCH_PARTS) {
    const value = prefetch?.[part.key];
    if (value === undefined) continue;
    if (value === null) {
      // No Patient is no answer at all: the patient must still be read, or the call ends in 412.
      if (part.resourceType === 'Patient') reading.unusable.set(part.key, 'the EHR found no Patient');
      else reading.delivered.add(part.key);
      continue;
    }
    const resources = part.resourceType === 'Patient' ? readPatient(value, patientId) : readSearchOnce(value);
    if (resources === undefined) {
      reading.unusable.set(part.key, whyUnusable(part, value));
      continue;
    }
    reading.resources.push(...resources);
    reading.delivered.add(part.key);
  }
  reading.resources = uniqueBy(reading.resources, keyOf);
  reading.notes = uniqueBy(reading.notes, (note) => `${note.code}|${note.message}`);
  return reading;
}

function readPatient(value: unknown, patientId: string): unknown[] | undefined {
  const candidates = isOfType(value, 'Bundle') ? flattenBundle(value).resources : [value];
  const patient = candidates.find((resource) => isOfType(resource, 'Patient'));
  if (patient === undefined) return undefined;
  if ((patient as { id?: unknown }).id !== patientId) throw new PrefetchPatientMismatch();
  return [patient];
}

/**
 * Search results, read exactly as the loader reads a search page (the same notes for the EHR's
 * outcome entries), so a prefetched and a fetched record give the same card.
 */
function readSearch(value: unknown, notes: DataQualityNote[]): unknown[] | undefined {
  const page = readBundlePage(value);
  if (!page || page.next !== undefined) return undefined;
  // Break-the-glass: the EHR holds this part back; reading it will meet the same refusal.
  if (page.outcomes.some((outcome) => hasAnyCode(outcome, BREAK_THE_GLASS_CODES))) return undefined;
  notes.push(...page.notes);
  return page.resources;
}

function isOfType(resource: unknown, type: string): boolean {
  return (
    typeof resource === 'object' &&
    resource !== null &&
    'resourceType' in resource &&
    resource.resourceType === type
  );
}

function whyUnusable(part: PrefetchPart, value: unknown): string {
  const outcome = parseOutcome(value);
  if (outcome) return `the EHR answered with an error (${outcomeText(outcome) || 'no details given'})`;
  if (part.resourceType === 'Patient') return 'it holds no Patient';
  return isOfType(value, 'Bundle') ? 'the Bundle is incomplete or withheld' : 'it is not a search Bundle';
}
