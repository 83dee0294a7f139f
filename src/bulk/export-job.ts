/**
 * One FHIR Bulk Data Access 2.0 export job: kick-off (`Prefer: respond-async`, 202 + Content-Location),
 * polling the status URL (`Retry-After` when given, else exponential back-off; `X-Progress` shown), the
 * completion manifest, and `DELETE` of the job. A server that runs one job at a time (Oracle Health)
 * answers 429 to a second kick-off: the client waits and tries again.
 */
import { z } from 'zod';
import { BulkError, describeResponse, type AuthorisedFetch } from './http.js';

export const manifestSchema = z.object({
  transactionTime: z.string(),
  request: z.string(),
  requiresAccessToken: z.boolean(),
  output: z.array(z.object({ type: z.string(), url: z.url(), count: z.number().optional() })),
  error: z.array(z.object({ type: z.string(), url: z.url() })).default([]),
});
export type ExportManifest = z.infer<typeof manifestSchema>;

export interface KickOff {
  /** FHIR base URL, e.g. https://fhir.example.org/R4 */
  fhirBase: string;
  /** `Group/{id}/$export` when given, else `Patient/$export`. */
  groupId?: string;
  types: readonly string[];
  /** `_typeFilter` queries, sent as given. */
  typeFilters?: readonly string[];
}

export interface PollTiming {
  /** Waits this long (ms); injectable so tests need not sleep. */
  sleep: (ms: number) => Promise<void>;
  /** The first back-off when the server gives no Retry-After, doubled up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Gives up after this long (ms) without a manifest. */
  timeoutMs?: number;
  now?: () => number;
}

const MAX_THROTTLED_KICK_OFFS = 30;

export function kickOffUrl(request: KickOff): string {
  const base = request.fhirBase.replace(/\/+$/, '');
  const path = request.groupId ? `Group/${encodeURIComponent(request.groupId)}/$export` : 'Patient/$export';
  const url = new URL(`${base}/${path}`);
  url.searchParams.set('_type', request.types.join(','));
  for (const filter of request.typeFilters ?? []) url.searchParams.append('_typeFilter', filter);
  return url.href;
}

/** Starts the export; returns the status URL. */
export async function kickOffExport(
  request: KickOff,
  fetch: AuthorisedFetch,
  timing: PollTiming,
): Promise<string> {
  const url = kickOffUrl(request);
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetch(url, {
      headers: { accept: 'application/fhir+json', prefer: 'respond-async' },
    });
    if (response.status === 202) {
      const location = response.headers.get('content-location');
      if (!location)
        throw new BulkError('the server accepted the export but gave no Content-Location to poll');
      return new URL(location, url).href;
    }
    if ((response.status === 429 || response.status === 503) && attempt < MAX_THROTTLED_KICK_OFFS) {
      // Oracle Health: one export at a time; wait for the other to finish.
      await response.body?.cancel();
      await timing.sleep(retryAfterMs(response, 5_000, timing.now));
      continue;
    }
    throw new BulkError(`the export could not be started: ${await describeResponse(response)}`);
  }
}

/** Polls until the manifest; `onProgress` receives the server's X-Progress text. */
export async function pollExport(
  statusUrl: string,
  fetch: AuthorisedFetch,
  timing: PollTiming,
  onProgress: (progress: string | undefined) => void,
): Promise<ExportManifest> {
  const now = timing.now ?? Date.now;
  const started = now();
  let backOff = timing.initialDelayMs ?? 1_000;
  const maxDelay = timing.maxDelayMs ?? 60_000;
  for (;;) {
    const response = await fetch(statusUrl, { headers: { accept: 'application/json' } });
    if (response.status === 200) {
      const parsed = manifestSchema.safeParse(await response.json().catch(() => undefined));
      if (!parsed.success)
        throw new BulkError('the export finished but its manifest is not valid Bulk Data JSON');
      return parsed.data;
    }
    if (response.status !== 202 && response.status !== 429 && response.status !== 503) {
      throw new BulkError(`the export failed: ${await describeResponse(response)}`);
    }
    onProgress(response.headers.get('x-progress') ?? undefined);
    await response.body?.cancel();
    if (timing.timeoutMs !== undefined && now() - started > timing.timeoutMs)
      throw new BulkError('the export did not finish in time; run the command again to go on polling');
    const delay = response.headers.has('retry-after') ? retryAfterMs(response, backOff, now) : backOff;
    backOff = Math.min(maxDelay, backOff * 2);
    await timing.sleep(Math.min(delay, maxDelay));
  }
}

/** Tells the server the job's files are no longer needed (done or cancelled); failures are not fatal. */
export async function deleteExport(statusUrl: string, fetch: AuthorisedFetch): Promise<boolean> {
  try {
    const response = await fetch(statusUrl, { method: 'DELETE' });
    await response.body?.cancel();
    return response.ok || response.status === 404;
  } catch {
    return false;
  }
}

/** `Retry-After` in seconds or as an HTTP date; the fallback when absent or unreadable. */
export function retryAfterMs(response: Response, fallback: number, now: () => number = Date.now): number {
  const value = response.headers.get('retry-after');
  if (value === null) return fallback;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? fallback : Math.max(0, date - now());
}
