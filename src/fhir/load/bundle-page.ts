/**
 * One page of a search answer: the resources that are data, the notes the EHR's OperationOutcome
 * entries become (Epic's `search.mode = outcome`), the outcomes themselves (their codes steer the
 * loader: break-the-glass, expired paging) and the link to the next page. An answer marked as never
 * changing (a deep-frozen parse that a cache hands to call after call) is read once: validating the
 * Bundle's entries again each time it is met cost as much as the rest of a cached call.
 */
import type { DataQualityNote } from '../../core/types.js';
import { flattenBundle } from '../map.js';
import { parseOutcome, type OperationOutcome } from './outcome.js';

export interface BundlePage {
  resources: unknown[];
  notes: DataQualityNote[];
  outcomes: OperationOutcome[];
  next?: string;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function outcomesIn(bundle: unknown): OperationOutcome[] {
  const entries = field(bundle, 'entry');
  if (!Array.isArray(entries)) return [];
  // Only OperationOutcome entries are parsed as such: a failed parse of every Observation costs more than the page.
  return entries
    .map((entry: unknown) => field(entry, 'resource'))
    .filter((resource) => field(resource, 'resourceType') === 'OperationOutcome')
    .map(parseOutcome)
    .filter((outcome): outcome is OperationOutcome => outcome !== undefined);
}

/** The answers marked as never changing, each with its page once read (undefined before). */
const unchanging = new WeakMap<object, BundlePage | undefined>();

/**
 * Marks `body` as never changing: it and everything in it must be frozen, so its page, read once,
 * stays true. Its page is then shared (frozen too) by every reader that meets it.
 */
export function markUnchanging(body: object): void {
  if (!unchanging.has(body)) unchanging.set(body, undefined);
}

/** Undefined when the answer is not a Bundle at all. */
export function readBundlePage(body: unknown): BundlePage | undefined {
  if (typeof body !== 'object' || body === null || !unchanging.has(body)) return readPage(body);
  const known = unchanging.get(body);
  if (known) return known;
  const page = readPage(body);
  if (page) unchanging.set(body, freezePage(page));
  return page;
}

function freezePage(page: BundlePage): BundlePage {
  Object.freeze(page.resources);
  for (const part of [page.notes, page.outcomes]) {
    for (const item of part) Object.freeze(item);
    Object.freeze(part);
  }
  return Object.freeze(page);
}

function readPage(body: unknown): BundlePage | undefined {
  if (field(body, 'resourceType') !== 'Bundle') return undefined;
  const flat = flattenBundle(body);
  const page: BundlePage = { resources: flat.resources, notes: flat.notes, outcomes: outcomesIn(body) };
  if (flat.nextUrl) page.next = flat.nextUrl;
  return page;
}
