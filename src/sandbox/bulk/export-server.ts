/**
 * FHIR Bulk Data Access 2.0 in the demo EHR, asynchronous as a real server is: `Patient/$export` and
 * `Group/{id}/$export` kick-off (202 + Content-Location), a status endpoint polled until the export is
 * ready (202 with `Retry-After` and `X-Progress`, then 200 with the manifest), NDJSON output files that
 * require the backend-services token, an error file of OperationOutcomes, and `DELETE` of the job. Like
 * Oracle Health it runs one job at a time (429 while one is running). Output is generated while it is
 * downloaded, so a population of any size costs no memory.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { once } from 'node:events';
import type { SyntheticPatient } from '../patients/types.js';
import { sendJson } from '../http/respond.js';
import { grantReads, type BackendServices } from './backend-token.js';
import { exportTypes, populationCount, populationLines } from './population.js';

export interface BulkExportOptions {
  /** Copies of the synthetic charts in an export (default 1: the charts themselves). */
  copies?: number;
  /** Status polls answered 202 before the manifest (default 2). */
  pollsBeforeReady?: number;
  /** `Retry-After` seconds on a 202 status answer (default 1). */
  retryAfterSeconds?: number;
  /** An error file with one OperationOutcome in every manifest (default false). */
  reportErrors?: boolean;
  /** Answer the first download of this output type with an error (tests retrying and resuming). */
  failFirstDownloadOf?: string;
  /** The status of that failure: 503 (default) is retried by a client, 403 stops it. */
  failFirstDownloadStatus?: number;
}

interface Job {
  id: string;
  types: string[];
  request: string;
  transactionTime: string;
  polls: number;
  deleted: boolean;
  clientId: string;
}

export interface BulkExportEvents {
  kickOffs: number;
  statusPolls: number;
  downloads: string[];
  deletedJobs: string[];
}

const FHIR_JSON = 'application/fhir+json';

export class BulkExportServer {
  private readonly jobs = new Map<string, Job>();
  private readonly failed = new Set<string>();
  readonly events: BulkExportEvents = { kickOffs: 0, statusPolls: 0, downloads: [], deletedJobs: [] };

  constructor(
    private readonly patients: readonly SyntheticPatient[],
    private readonly backend: BackendServices,
    private readonly origin: () => string,
    private readonly options: BulkExportOptions = {},
  ) {}

  /** Whether this server answers the path (kick-off, status or file). */
  handles(path: string): boolean {
    return KICK_OFF.test(path) || path.startsWith('/bulk/');
  }

  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const grant = this.backend.grantOf(req.headers.authorization);
    if (grant === undefined)
      return outcome(res, 401, 'login', 'A valid backend-services access token is required.');
    if (KICK_OFF.test(path) && req.method === 'GET') return this.kickOff(req, res, grant.clientId, grant);
    const status = /^\/bulk\/status\/([0-9a-f-]{36})$/.exec(path);
    if (status) return this.status(req, res, status[1] ?? '', grant.clientId);
    const file = /^\/bulk\/files\/([0-9a-f-]{36})\/([A-Za-z]+|errors)\.ndjson$/.exec(path);
    if (file && req.method === 'GET') return this.download(res, file[1] ?? '', file[2] ?? '', grant.clientId);
    return outcome(res, 404, 'not-found', 'No such Bulk Data endpoint.');
  }

  private kickOff(
    req: IncomingMessage,
    res: ServerResponse,
    clientId: string,
    grant: Parameters<typeof grantReads>[0],
  ): void {
    if (!/respond-async/.test(String(req.headers.prefer ?? '')))
      return outcome(res, 400, 'invalid', 'Bulk Data kick-off requires "Prefer: respond-async".');
    const url = new URL(req.url ?? '/', this.origin());
    const available = exportTypes(this.patients);
    const asked =
      url.searchParams
        .get('_type')
        ?.split(',')
        .filter((t) => t.length > 0) ?? available;
    const unknown = asked.filter((t) => !/^[A-Z][A-Za-z]+$/.test(t));
    if (unknown.length > 0) return outcome(res, 400, 'invalid', '_type names an invalid resource type.');
    const types = asked.filter((t) => available.includes(t) && grantReads(grant, t));
    if ([...this.jobs.values()].some((job) => !job.deleted && job.polls <= this.pollsBeforeReady())) {
      res.setHeader('retry-after', '1');
      return outcome(res, 429, 'throttled', 'An export is already running; one job at a time.');
    }
    this.events.kickOffs += 1;
    const job: Job = {
      id: randomUUID(),
      types,
      request: url.href,
      transactionTime: new Date().toISOString(),
      polls: 0,
      deleted: false,
      clientId,
    };
    this.jobs.set(job.id, job);
    res.writeHead(202, { 'content-location': `${this.origin()}/bulk/status/${job.id}` }).end();
  }

  private pollsBeforeReady(): number {
    return this.options.pollsBeforeReady ?? 2;
  }

  private status(req: IncomingMessage, res: ServerResponse, id: string, clientId: string): void {
    const job = this.jobs.get(id);
    if (job === undefined || job.deleted || job.clientId !== clientId)
      return outcome(res, 404, 'not-found', 'No such export job.');
    if (req.method === 'DELETE') {
      job.deleted = true;
      this.events.deletedJobs.push(id);
      res.writeHead(202).end();
      return;
    }
    if (req.method !== 'GET') return outcome(res, 405, 'not-supported', 'GET or DELETE an export job.');
    this.events.statusPolls += 1;
    job.polls += 1;
    const ready = this.pollsBeforeReady();
    if (job.polls <= ready) {
      const percent = Math.round((100 * (job.polls - 1)) / Math.max(1, ready));
      res.writeHead(202, {
        'retry-after': String(this.options.retryAfterSeconds ?? 1),
        'x-progress': `${percent}% complete`,
      });
      res.end();
      return;
    }
    const files = (type: string) => `${this.origin()}/bulk/files/${job.id}/${type}.ndjson`;
    sendJson(
      res,
      200,
      {
        transactionTime: job.transactionTime,
        request: job.request,
        requiresAccessToken: true,
        // `count` is optional in a manifest; given, it lets a client plan its memory before downloading.
        output: job.types.map((type) => ({
          type,
          url: files(type),
          count: populationCount(this.patients, this.options.copies ?? 1, type),
        })),
        error: this.options.reportErrors ? [{ type: 'OperationOutcome', url: files('errors') }] : [],
      },
      { expires: new Date(Date.now() + 3_600_000).toUTCString() },
    );
  }

  private async download(res: ServerResponse, id: string, type: string, clientId: string): Promise<void> {
    const job = this.jobs.get(id);
    if (job === undefined || job.deleted || job.clientId !== clientId || job.polls <= this.pollsBeforeReady())
      return outcome(res, 404, 'not-found', 'No such export file.');
    if (type !== 'errors' && !job.types.includes(type))
      return outcome(res, 404, 'not-found', 'No such export file.');
    const key = `${id}/${type}`;
    if (this.options.failFirstDownloadOf === type && !this.failed.has(key)) {
      this.failed.add(key);
      const status = this.options.failFirstDownloadStatus ?? 503;
      return outcome(
        res,
        status,
        status === 503 ? 'transient' : 'forbidden',
        'The file cannot be downloaded now.',
      );
    }
    this.events.downloads.push(type);
    res.writeHead(200, { 'content-type': 'application/fhir+ndjson' });
    if (type === 'errors') {
      res.end(`${JSON.stringify(errorOutcome())}\n`);
      return;
    }
    let chunk = '';
    for (const line of populationLines(this.patients, this.options.copies ?? 1, type)) {
      chunk += `${line}\n`;
      if (chunk.length < 1 << 16) continue;
      if (!res.write(chunk)) await once(res, 'drain');
      chunk = '';
    }
    res.end(chunk);
  }
}

const KICK_OFF = /^\/fhir\/(Patient|Group\/[A-Za-z0-9\-.]{1,64})\/\$export$/;

function outcome(res: ServerResponse, status: number, code: string, text: string): void {
  sendJson(
    res,
    status,
    { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, diagnostics: text }] },
    {},
    FHIR_JSON,
  );
}

function errorOutcome(): Record<string, unknown> {
  return {
    resourceType: 'OperationOutcome',
    issue: [
      {
        severity: 'warning',
        code: 'incomplete',
        diagnostics: 'Some resources could not be exported (demo EHR: a simulated error file).',
      },
    ],
  };
}
