/**
 * What a failed request means for the load (ehr-notes.md §Launch and tokens, "Errors to handle"):
 * stop everything (401, break-the-glass, abort), restart the search (Epic 4113), carry on without
 * this type (a gap with a reason the user can act on), or nothing at all (a type the server lacks).
 */
import type { HttpFailure } from './http-failure.js';
import { aborted, breakTheGlass, relaunchRequired, type LoadError } from './load-error.js';
import {
  BREAK_THE_GLASS_CODES,
  EXPIRED_PAGING_CODE,
  hasAnyCode,
  outcomeText,
  saysNotSupported,
} from './outcome.js';
import type { PlannedSearch } from './search-plan.js';

export type FailureVerdict =
  | { action: 'stop'; error: LoadError }
  | { action: 'restart' }
  | { action: 'unsupported' }
  | { action: 'gap'; reason: string; scopeMissing: boolean };

function missingScopeReason(resourceType: string): string {
  return (
    `The EHR did not grant access to ${resourceType}: ask your administrator to add ` +
    `patient/${resourceType}.rs (SMART v2) or patient/${resourceType}.read (SMART v1) to the app's scopes.`
  );
}

function serverReason(resourceType: string, failure: HttpFailure): string {
  const said = outcomeText(failure.outcome);
  const detail = said ? ` (${said})` : '';
  if (failure.timedOut) return `${resourceType} could not be read: the EHR did not answer in time.`;
  if (failure.status === 'error') {
    return `${resourceType} could not be read: the EHR could not be reached (network error).`;
  }
  if (failure.status === 429 || failure.status === 503) {
    return `${resourceType} could not be read: the EHR is busy (HTTP ${failure.status}) and still refused after retries.`;
  }
  return `${resourceType} could not be read: the EHR answered HTTP ${failure.status}${detail}.`;
}

/** A server without the resource type answers 404/405/501, or 400 with a "not supported" outcome. */
function isNotSupported(failure: HttpFailure): boolean {
  const { status } = failure;
  if (status === 404 || status === 405 || status === 501) return true;
  return status === 400 && saysNotSupported(failure.outcome, failure.bodyText);
}

export function classifyFailure(search: PlannedSearch, failure: HttpFailure): FailureVerdict {
  const { resourceType } = search;
  if (failure.aborted && !failure.timedOut) return { action: 'stop', error: aborted(resourceType) };
  if (hasAnyCode(failure.outcome, BREAK_THE_GLASS_CODES)) {
    return { action: 'stop', error: breakTheGlass(resourceType, failure.status) };
  }
  if (failure.sessionEnded) return { action: 'stop', error: relaunchRequired(resourceType) };
  if (hasAnyCode(failure.outcome, [EXPIRED_PAGING_CODE])) return { action: 'restart' };
  if (failure.status === 403) {
    return { action: 'gap', reason: missingScopeReason(resourceType), scopeMissing: true };
  }
  if (search.mayBeUnsupported && isNotSupported(failure)) return { action: 'unsupported' };
  return { action: 'gap', reason: serverReason(resourceType, failure), scopeMissing: false };
}
