/**
 * One planned search from its first page to its last: follows every `next` link, restarts once when
 * Epic's paging session expires (4113), keeps OperationOutcome entries as notes, and stops at the
 * page cap with a gap rather than reading forever.
 */
import type { DataQualityNote, LoadGap } from '../../core/types.js';
import { readBundlePage } from './bundle-page.js';
import { classifyFailure } from './classify-failure.js';
import type { HttpFailure } from './http-failure.js';
import { breakTheGlass, type LoadError } from './load-error.js';
import {
  BREAK_THE_GLASS_CODES,
  EXPIRED_PAGING_CODE,
  hasAnyCode,
  outcomeText,
  parseOutcome,
} from './outcome.js';
import { foreignOriginOf, foreignOriginReason } from './origin-pin.js';
import { requestWithRetry, type RequestContext } from './request.js';
import { redactPatient, type PlannedSearch } from './search-plan.js';
import type { RequestLogEntry } from './types.js';

export interface SearchGap extends LoadGap {
  /** The EHR refused for want of a scope (403), as opposed to an error or a time-out. */
  scopeMissing: boolean;
}

export interface SearchResult {
  resources: unknown[];
  notes: DataQualityNote[];
  gap?: SearchGap;
  log: RequestLogEntry;
  /** Set when the whole load must stop (401, break-the-glass, abort). */
  stop?: LoadError;
}

type Ending = { gap: SearchGap } | { stop: LoadError } | { done: true };

interface PageState {
  url: string;
  pages: number;
  resources: unknown[];
  notes: DataQualityNote[];
  restarted: boolean;
  status: number | 'error';
}

function gap(search: PlannedSearch, reason: string, scopeMissing = false): { gap: SearchGap } {
  return { gap: { resourceType: search.resourceType, reason, scopeMissing } };
}

/** Epic's paging session expired: start again from the first URL, only once, so an expiring server cannot loop us. */
function restart(search: PlannedSearch, state: PageState): Ending | 'again' {
  if (state.restarted) {
    return gap(
      search,
      `${search.resourceType}: the EHR's paging session expired twice; later results were not read.`,
    );
  }
  Object.assign(state, { url: search.url, pages: 0, resources: [], notes: [], restarted: true });
  return 'again';
}

function onFailure(search: PlannedSearch, state: PageState, failure: HttpFailure): Ending | 'again' {
  state.status = failure.status;
  const verdict = classifyFailure(search, failure);
  switch (verdict.action) {
    case 'restart':
      return restart(search, state);
    case 'stop':
      return { stop: verdict.error };
    case 'unsupported':
      // Normal for this type (e.g. no MedicationStatement in Epic or Oracle R4): nothing to read.
      state.resources = [];
      state.notes = [];
      return { done: true };
    case 'gap':
      return gap(search, verdict.reason, verdict.scopeMissing);
  }
}

/** A `next` link to another origin would hand the token to that server: the search ends with a gap. */
function foreignNext(ctx: RequestContext, search: PlannedSearch, next: string): Ending | undefined {
  if (ctx.fhirBaseUrl === undefined) return undefined;
  const origin = foreignOriginOf(next, ctx.fhirBaseUrl);
  if (origin === undefined) return undefined;
  return gap(search, foreignOriginReason(`${search.resourceType}: later results were`, origin));
}

function onPage(
  ctx: RequestContext,
  search: PlannedSearch,
  state: PageState,
  body: unknown,
): Ending | 'again' {
  state.status = 200;
  state.pages += 1;
  if (search.kind === 'read') {
    const outcome = parseOutcome(body);
    if (outcome)
      return gap(
        search,
        `${search.resourceType} could not be read: the EHR answered "${outcomeText(outcome)}".`,
      );
    state.resources.push(body);
    return { done: true };
  }
  const page = readBundlePage(body);
  if (!page)
    return gap(search, `${search.resourceType} could not be read: the EHR's answer was not a search result.`);
  if (page.outcomes.some((outcome) => hasAnyCode(outcome, BREAK_THE_GLASS_CODES))) {
    return { stop: breakTheGlass(search.resourceType, 200) };
  }
  if (page.outcomes.some((outcome) => hasAnyCode(outcome, [EXPIRED_PAGING_CODE])) && state.pages > 1) {
    return restart(search, state);
  }
  state.resources.push(...page.resources);
  // The same 4119 warning comes from several searches; naming the search keeps the notes apart.
  state.notes.push(
    ...page.notes.map((note) => ({ ...note, message: `${search.resourceType} search: ${note.message}` })),
  );
  if (!page.next) return { done: true };
  const refused = foreignNext(ctx, search, page.next);
  if (refused) return refused;
  state.url = page.next;
  return 'again';
}

function finish(
  search: PlannedSearch,
  state: PageState,
  started: number,
  ctx: RequestContext,
  ending: Ending,
): SearchResult {
  const log: RequestLogEntry = {
    resourceType: search.resourceType,
    url: redactPatient(search.url),
    status: state.status,
    durationMs: Math.max(0, ctx.now() - started),
    pages: state.pages,
    count: state.resources.length,
  };
  const result: SearchResult = {
    resources: state.resources,
    notes: state.notes,
    log,
  };
  if ('stop' in ending) {
    log.error = ending.stop.message;
    result.stop = ending.stop;
  }
  if ('gap' in ending) {
    log.error = ending.gap.reason;
    result.gap = ending.gap;
  }
  return result;
}

export async function runSearch(
  ctx: RequestContext,
  search: PlannedSearch,
  maxPages: number,
): Promise<SearchResult> {
  const started = ctx.now();
  const state: PageState = {
    url: search.url,
    pages: 0,
    resources: [],
    notes: [],
    restarted: false,
    status: 'error',
  };
  for (;;) {
    if (state.pages >= maxPages) {
      const ending = gap(
        search,
        `${search.resourceType}: stopped after ${maxPages} pages; later results were not read.`,
      );
      return finish(search, state, started, ctx, ending);
    }
    const answer = await requestWithRetry(ctx, state.url);
    const step = answer.ok
      ? onPage(ctx, search, state, answer.body)
      : onFailure(search, state, answer.failure);
    if (step !== 'again') return finish(search, state, started, ctx, step);
  }
}
