/**
 * One page of a search answer: the resources that are data, the notes the EHR's OperationOutcome
 * entries become (Epic's `search.mode = outcome`), the outcomes themselves (their codes steer the
 * loader: break-the-glass, expired paging) and the link to the next page.
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

/** Undefined when the answer is not a Bundle at all. */
export function readBundlePage(body: unknown): BundlePage | undefined {
  if (field(body, 'resourceType') !== 'Bundle') return undefined;
  const flat = flattenBundle(body);
  const page: BundlePage = { resources: flat.resources, notes: flat.notes, outcomes: outcomesIn(body) };
  if (flat.nextUrl) page.next = flat.nextUrl;
  return page;
}
