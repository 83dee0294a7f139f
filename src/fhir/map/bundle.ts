/**
 * Bundle → its resources. OperationOutcome entries (Epic puts them inside search results with
 * `search.mode = outcome`, e.g. 4101 "no results", 4119 "may not contain the entire record") become
 * notes, never data. Nested Bundles (batch responses) are opened too.
 */
import type { DataQualityNote } from '../../core/types.js';
import type { FhirBundleEntry } from '../schemas/bundle.js';
import { resourceParsers } from '../schemas/parsers.js';
import { NOTE, describeZodError, noteFor, type NoteSink } from './notes.js';
import { mapOperationOutcome } from './outcome.js';
import { resourceRefOf, resourceTypeOf } from './refs.js';

export interface BundleResource {
  resource: unknown;
  fullUrl?: string;
}

export interface FlattenedBundle {
  entries: BundleResource[];
  notes: DataQualityNote[];
  nextUrl?: string;
}

const MAX_NESTING = 4;

/** Outcomes usually have no id: the note then names the entry's fullUrl, if any, not a made-up ref. */
function outcomeNotes(resource: unknown, fullUrl: string | undefined, notes: DataQualityNote[]): void {
  const hasId = typeof resource === 'object' && resource !== null && 'id' in resource;
  const ref = hasId ? resourceRefOf(resource, fullUrl, 0) : fullUrl;
  mapOperationOutcome(resource, (code, message) => notes.push(noteFor(ref, code, message)));
}

function flattenEntry(entry: FhirBundleEntry, position: number, depth: number, out: FlattenedBundle): void {
  const { resource, fullUrl } = entry;
  const note: NoteSink = (code, message) => out.notes.push(noteFor(fullUrl, code, message));
  if (entry.response?.outcome !== undefined) outcomeNotes(entry.response.outcome, fullUrl, out.notes);
  const status = entry.response?.status;
  if (status && !/^2\d\d/.test(status.trim()))
    note(NOTE.serverOutcome, `Bundle entry ${position}: status ${status}`);
  if (resource === undefined) {
    if (!entry.response) note(NOTE.invalidResource, `Bundle entry ${position} has no resource`);
    return;
  }
  const type = resourceTypeOf(resource);
  if (entry.search?.mode === 'outcome' || type === 'OperationOutcome') {
    outcomeNotes(resource, fullUrl, out.notes);
  } else if (type === 'Bundle' && depth < MAX_NESTING) {
    const inner = flattenAt(resource, depth + 1);
    out.entries.push(...inner.entries);
    out.notes.push(...inner.notes);
  } else {
    out.entries.push(fullUrl === undefined ? { resource } : { resource, fullUrl });
  }
}

function flattenAt(bundle: unknown, depth: number): FlattenedBundle {
  const out: FlattenedBundle = { entries: [], notes: [] };
  const parsed = resourceParsers.bundle.safeParse(bundle);
  if (!parsed.success) {
    out.notes.push(
      noteFor(
        resourceRefOf(bundle, undefined, 0),
        NOTE.invalidResource,
        `Invalid Bundle: ${describeZodError(parsed.error)}`,
      ),
    );
    return out;
  }
  parsed.data.entry?.forEach((entry, index) => flattenEntry(entry, index, depth, out));
  const next = parsed.data.link?.find((l) => l.relation === 'next')?.url;
  if (next && depth === 0) out.nextUrl = next;
  return out;
}

function safeFlatten(bundle: unknown): FlattenedBundle {
  try {
    return flattenAt(bundle, 0);
  } catch (error) {
    const why = error instanceof Error ? error.name : 'unexpected error';
    return {
      entries: [],
      notes: [noteFor(undefined, NOTE.mappingError, `The Bundle could not be read (${why})`)],
    };
  }
}

/** The resources of a Bundle with their fullUrls, the notes it carries, and its `next` page. Never throws. */
export function flattenBundleEntries(bundle: unknown): FlattenedBundle {
  return safeFlatten(bundle);
}

/** The resources of a Bundle, the notes it carries, and the URL of its next page. Never throws. */
export function flattenBundle(bundle: unknown): {
  resources: unknown[];
  notes: DataQualityNote[];
  nextUrl?: string;
} {
  const flat = safeFlatten(bundle);
  const result: { resources: unknown[]; notes: DataQualityNote[]; nextUrl?: string } = {
    resources: flat.entries.map((e) => e.resource),
    notes: flat.notes,
  };
  if (flat.nextUrl) result.nextUrl = flat.nextUrl;
  return result;
}
