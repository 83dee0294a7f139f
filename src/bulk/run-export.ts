/**
 * A whole Bulk Data export into a folder: SMART discovery of the token endpoint, Backend Services
 * authorization, kick-off (or the saved job of an interrupted run), polling, download of every file,
 * and `DELETE` of the job. The folder then holds NDJSON files any reader of a Bulk Data export reads.
 * No command-line concerns here: the caller chooses the types, reports progress and handles Ctrl-C.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { BackendAuth } from './backend-auth.js';
import { downloadAll, type DownloadProgress } from './download.js';
import { deleteExport, kickOffExport, kickOffUrl, pollExport, type ExportManifest } from './export-job.js';
import { loadState, saveState, STATE_FILE, type ExportState } from './export-state.js';
import { authorisedFetch, BulkError, type AuthorisedFetch, type Fetch } from './http.js';
import type { ClientKey } from './keys.js';

export interface ExportRequest {
  fhirBase: string;
  clientId: string;
  key: ClientKey;
  groupId?: string;
  /** Resource types to export (`_type`) and the scopes asked for. */
  types: readonly string[];
  typeFilters?: readonly string[];
  /** SMART scope syntax of the registration: v2 `system/T.rs` (default) or v1 `system/T.read`. */
  scopeVersion?: 1 | 2;
  dir: string;
  fetch?: Fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  onPolling?: (progress: string | undefined) => void;
  onDownload?: (progress: DownloadProgress) => void;
  /** Called once the job exists, with a function that cancels it (DELETE) — for Ctrl-C. */
  onJob?: (cancel: () => Promise<void>) => void;
  /** Gives up polling after this long (ms). */
  pollTimeoutMs?: number;
}

export interface ExportResult {
  manifest: ExportManifest;
  resumed: boolean;
  /**
   * OperationOutcome lines in the server's error files. Only counted: their text may name patients, so
   * the user is pointed at the files rather than shown it.
   */
  errorIssues: number;
  errorFiles: string[];
}

const configurationSchema = z.object({ token_endpoint: z.url() });

/** An export the server has finished: its manifest, and what is needed to download its files. */
export interface PreparedExport {
  manifest: ExportManifest;
  resumed: boolean;
  state: ExportState;
  fetch: AuthorisedFetch;
  sleep: (ms: number) => Promise<void>;
}

export async function runExport(request: ExportRequest): Promise<ExportResult> {
  return completeExport(await prepareExport(request), request);
}

/**
 * Up to the manifest: discovery, authorization, kick-off (or the saved job of an interrupted run) and
 * polling until the server has prepared every file (Epic, Oracle Health and the demo EHR all do so first).
 */
export async function prepareExport(request: ExportRequest): Promise<PreparedExport> {
  const base = request.fetch ?? fetch;
  const sleep = request.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const fhirBase = request.fhirBase.replace(/\/+$/, '');
  const tokenUrl = await discoverTokenEndpoint(fhirBase, base);
  const suffix = request.scopeVersion === 1 ? 'read' : 'rs';
  const auth = new BackendAuth({
    tokenUrl,
    clientId: request.clientId,
    key: request.key.key,
    alg: request.key.alg,
    ...(request.key.kid ? { kid: request.key.kid } : {}),
    scopes: request.types.map((type) => `system/${type}.${suffix}`),
    fetch: base,
    ...(request.now ? { now: request.now } : {}),
  });
  const authorised = authorisedFetch(new URL(fhirBase).origin, auth, base);
  const kickOff = {
    fhirBase,
    types: request.types,
    ...(request.groupId ? { groupId: request.groupId } : {}),
    ...(request.typeFilters ? { typeFilters: request.typeFilters } : {}),
  };
  const timing = {
    sleep,
    ...(request.now ? { now: request.now } : {}),
    ...(request.pollTimeoutMs ? { timeoutMs: request.pollTimeoutMs } : {}),
  };
  const { state, resumed } = await loadState(request.dir, kickOffUrl(kickOff));
  if (state.manifest === undefined) {
    if (state.statusUrl === undefined) {
      state.statusUrl = await kickOffExport(kickOff, authorised, timing);
      await saveState(request.dir, state);
    }
    const statusUrl = state.statusUrl;
    request.onJob?.(async () => {
      await deleteExport(statusUrl, authorised);
      await rm(join(request.dir, STATE_FILE), { force: true });
    });
    state.manifest = await pollExport(statusUrl, authorised, timing, (p) => request.onPolling?.(p));
    await saveState(request.dir, state);
  }
  return { manifest: state.manifest, resumed, state, fetch: authorised, sleep };
}

/**
 * Downloads the files not yet downloaded (but those of `skip`: output files streamed elsewhere), then
 * deletes the job on the server and counts the server's error lines.
 */
export async function completeExport(
  prepared: PreparedExport,
  request: ExportRequest,
  skip: ReadonlySet<string> = new Set(),
): Promise<ExportResult> {
  const { manifest, state, fetch: authorised } = prepared;
  await downloadRemaining(prepared, request, skip);
  if (!state.deleted && state.statusUrl !== undefined) {
    state.deleted = await deleteExport(state.statusUrl, authorised);
    await saveState(request.dir, state);
  }
  return {
    manifest,
    resumed: prepared.resumed,
    ...(await errorSummary(request.dir, state.files, manifest)),
  };
}

/** Downloads the files not yet downloaded, but those of `skip` (output files streamed elsewhere). */
export async function downloadRemaining(
  prepared: PreparedExport,
  request: ExportRequest,
  skip: ReadonlySet<string>,
): Promise<void> {
  const { manifest } = prepared;
  const toDownload = { ...manifest, output: manifest.output.filter((file) => !skip.has(file.url)) };
  await downloadAll(toDownload, {
    dir: request.dir,
    state: prepared.state,
    fetch: prepared.fetch,
    sleep: prepared.sleep,
    ...(request.onDownload ? { onProgress: request.onDownload } : {}),
  });
}

async function discoverTokenEndpoint(fhirBase: string, base: Fetch): Promise<string> {
  const url = `${fhirBase}/.well-known/smart-configuration`;
  let response: Response;
  try {
    response = await base(url, { headers: { accept: 'application/json' }, redirect: 'error' });
  } catch (error) {
    throw new BulkError(`cannot reach ${url} (${error instanceof Error ? error.message : 'error'})`);
  }
  const parsed = configurationSchema.safeParse(
    response.ok ? await response.json().catch(() => undefined) : undefined,
  );
  if (!parsed.success) throw new BulkError(`${url} names no token_endpoint: is this a SMART server?`);
  return parsed.data.token_endpoint;
}

async function errorSummary(
  dir: string,
  files: Record<string, { path: string }>,
  manifest: ExportManifest,
): Promise<{ errorIssues: number; errorFiles: string[] }> {
  let errorIssues = 0;
  const errorFiles: string[] = [];
  for (const entry of manifest.error) {
    const file = files[entry.url];
    if (file === undefined) continue;
    errorFiles.push(file.path);
    const text = await readFile(join(dir, file.path), 'utf8');
    for (const line of text.split('\n')) if (line.trim().length > 0) errorIssues += 1;
  }
  return { errorIssues, errorFiles };
}
