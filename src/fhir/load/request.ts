/**
 * One GET with the loader's manners: a time-out per request, the caller's abort, and bounded
 * exponential back-off for 429/503 that honours Retry-After.
 */
import { describeFailure, RequestTimeoutError, retryAfterMs, type HttpFailure } from './http-failure.js';
import type { FhirRequester, RetryPolicy } from './types.js';

export interface RequestContext {
  requester: FhirRequester;
  signal: AbortSignal | undefined;
  retry: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  timeoutMs: number;
  /** Requests go only to this FHIR server's origin (see origin-pin.ts); undefined when not pinned here. */
  fhirBaseUrl?: string;
}

export type RequestAnswer = { ok: true; body: unknown } | { ok: false; failure: HttpFailure };

/** A Retry-After longer than this is not waited for: the type becomes a gap instead. */
const MAX_RETRY_AFTER_MS = 60_000;

const RETRIABLE = new Set<number | 'error'>([429, 503]);

export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves when the caller aborts, so a back-off wait never outlives a cancelled load. */
function whenAborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!signal) return;
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

async function requestOnce(ctx: RequestContext, url: string): Promise<unknown> {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(ctx.signal?.reason);
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new RequestTimeoutError(ctx.timeoutMs));
    }, ctx.timeoutMs);
  });
  try {
    return await Promise.race([ctx.requester.request(url, { signal: controller.signal }), timeout]);
  } finally {
    clearTimeout(timer);
    ctx.signal?.removeEventListener('abort', onAbort);
  }
}

function backoffMs(ctx: RequestContext, failure: HttpFailure, attempt: number): number {
  const serverSays = retryAfterMs(failure.retryAfter, ctx.now());
  return serverSays ?? ctx.retry.baseDelayMs * 2 ** attempt;
}

export async function requestWithRetry(ctx: RequestContext, url: string): Promise<RequestAnswer> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return { ok: true, body: await requestOnce(ctx, url) };
    } catch (error) {
      const failure = describeFailure(error);
      if (ctx.signal?.aborted) return { ok: false, failure: { ...failure, aborted: true } };
      if (!RETRIABLE.has(failure.status) || attempt >= ctx.retry.retries) {
        return { ok: false, failure };
      }
      const delay = backoffMs(ctx, failure, attempt);
      if (delay > MAX_RETRY_AFTER_MS) return { ok: false, failure };
      await Promise.race([ctx.sleep(delay), whenAborted(ctx.signal)]);
      if (ctx.signal?.aborted) return { ok: false, failure: { ...failure, aborted: true } };
    }
  }
}
