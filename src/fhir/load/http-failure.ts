/**
 * One reading of a failed request, whichever requester threw it: fhirclient's `HttpError` (status, a
 * consumed `response` whose JSON body was appended to the message) or our fetch requester's
 * {@link FhirHttpError} (status and parsed body).
 */
import { parseOutcome, type OperationOutcome } from './outcome.js';

export interface HttpFailure {
  /** HTTP status, or `error` when no answer came (network error, time-out, abort). */
  status: number | 'error';
  outcome?: OperationOutcome;
  /** Whatever text the error carried, for "not supported" checks; never logged. */
  bodyText: string;
  retryAfter?: string;
  aborted: boolean;
  timedOut: boolean;
  /** 401, or fhirclient saying it could not refresh the token: only a relaunch helps. */
  sessionEnded: boolean;
}

/** fhirclient's words when the token is gone and cannot be refreshed. */
const SESSION_ENDED = [/unable to refresh/i, /session expired/i, /invalid_grant/i, /please re-?launch/i];

/** The error our fetch requester throws for a non-2xx answer. */
export class FhirHttpError extends Error {
  readonly status: number;
  readonly statusCode: number;
  readonly body: unknown;
  readonly retryAfter: string | undefined;

  constructor(status: number, statusText: string, body: unknown, retryAfter?: string) {
    super(`${status} ${statusText}`.trim());
    this.name = 'FhirHttpError';
    this.status = status;
    this.statusCode = status;
    this.body = body;
    this.retryAfter = retryAfter;
  }
}

/** The loader's own time-out, told apart from the caller's abort. */
export class RequestTimeoutError extends Error {
  constructor(ms: number) {
    super(`No answer within ${Math.round(ms / 1000)} s`);
    this.name = 'RequestTimeoutError';
  }
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function statusOf(error: unknown): number | 'error' {
  for (const key of ['status', 'statusCode']) {
    const value = field(error, key);
    if (typeof value === 'number' && value >= 100) return value;
  }
  return 'error';
}

/** fhirclient appends the parsed JSON body to the message after a blank line. */
function outcomeFromMessage(message: string): OperationOutcome | undefined {
  const start = message.indexOf('\n\n{');
  if (start < 0) return undefined;
  try {
    return parseOutcome(JSON.parse(message.slice(start + 2)));
  } catch {
    return undefined;
  }
}

function retryAfterOf(error: unknown): string | undefined {
  const own = field(error, 'retryAfter');
  if (typeof own === 'string') return own;
  const headers = field(field(error, 'response'), 'headers');
  const get = field(headers, 'get');
  if (typeof get === 'function') {
    const value: unknown = get.call(headers, 'retry-after');
    if (typeof value === 'string') return value;
  }
  return undefined;
}

export function describeFailure(error: unknown): HttpFailure {
  const name = field(error, 'name');
  const message = field(error, 'message');
  const messageText = typeof message === 'string' ? message : '';
  const body = field(error, 'body');
  const outcome = parseOutcome(body) ?? outcomeFromMessage(messageText);
  const bodyText = typeof body === 'string' ? body : messageText;
  const status = statusOf(error);
  return {
    status,
    outcome,
    bodyText,
    retryAfter: retryAfterOf(error),
    aborted: name === 'AbortError',
    timedOut: error instanceof RequestTimeoutError || name === 'TimeoutError',
    sessionEnded: status === 401 || SESSION_ENDED.some((pattern) => pattern.test(messageText)),
  };
}

/** Retry-After as delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
