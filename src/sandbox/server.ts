/**
 * The demo EHR in one process: FHIR R4 server, SMART authorization server, EHR-like launcher
 * pages, and (optionally) a second listener serving the built app on its own origin.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { handleAdmin } from './admin.js';
import { BackendServices, type BackendClient } from './bulk/backend-token.js';
import { BulkExportServer, type BulkExportOptions } from './bulk/export-server.js';
import { callPatientView } from './cds/patient-view-client.js';
import { startCdsService, type RunningCdsService } from './cds/service.js';
import { fhirBase, type SandboxContext } from './context.js';
import { Faults, type FaultPatch } from './faults.js';
import { handleFhir, repoRoute } from './fhir/handler.js';
import { createFhirStore } from './fhir/store.js';
import { handleOrderEntry } from './orders/order-entry.js';
import { corsHeaders, readBody, sendHtml, sendJson } from './http/respond.js';
import { serveStatic } from './http/static-files.js';
import { applySuggestion, overrideCard, rememberCards } from './cds/card-actions.js';
import { cardActionPage, chartPage, launcherPage, notFoundPage } from './launcher/pages.js';
import { syntheticPatients, type SyntheticPatient } from './patients/index.js';
import { handleAuthorize, handlePatientPick } from './smart/authorize.js';
import { appClient, type RegisteredClient } from './smart/clients.js';
import { SMART_STYLE, smartConfiguration } from './smart/configuration.js';
import { createEhrSigner } from './smart/signing.js';
import { Sessions } from './smart/sessions.js';
import { handleToken } from './smart/token.js';

export interface SandboxOptions {
  host?: string;
  /** Port of the EHR (FHIR, auth, launcher); 0 picks a free one. Default 8090. */
  port?: number;
  /** URL of an app served elsewhere (e.g. `vite` on 5173). When absent, `appDir` is served. */
  appUrl?: string;
  /** Built app to serve on its own origin (default dist-app/). */
  appDir?: string;
  /** Port of that app listener; 0 picks a free one. Default 5173. */
  appPort?: number;
  /** Reference date of the synthetic data (YYYY-MM-DD); default today (UTC). */
  today?: string;
  /** Charts to serve instead of the synthetic patients (tests serve fixture exports this way). */
  patients?: readonly SyntheticPatient[];
  faults?: FaultPatch;
  /**
   * CDS Hooks on chart open: run the project's service in this process on `port` (0 = free one),
   * or call one already running at `url`. Off when absent.
   */
  cds?: { port: number } | { url: string };
  /**
   * Bulk Data export with SMART Backend Services: the registered clients (their public keys) and how
   * the export behaves. Off when absent.
   */
  bulk?: BulkExportOptions & { clients: BackendClient[]; tokenLifetimeSeconds?: number };
  /** Further registered apps (AIH Navigator itself is always registered, at its `appUrl`). */
  clients?: readonly RegisteredClient[];
}

export interface RunningSandbox {
  origin: string;
  fhirBase: string;
  appUrl: string;
  /** Base URL of the CDS Hooks service called on chart open, when there is one. */
  cdsUrl?: string;
  context: SandboxContext;
  /** The Bulk Data export server, when `bulk` was given (its events show what clients did). */
  bulk?: BulkExportServer;
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => done((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((done) => {
    server.close(() => done());
    server.closeAllConnections();
  });
}

type Route = (ctx: SandboxContext, req: IncomingMessage, res: ServerResponse) => Promise<void>;

async function route(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  cdsUrl?: string,
  bulk?: BulkExportServer,
): Promise<void> {
  const path = new URL(req.url ?? '/', ctx.origin()).pathname;
  if (bulk?.handles(path)) return bulk.handle(req, res, path);
  const cors =
    path.startsWith('/fhir') ||
    path === '/auth/token' ||
    path === '/smart-style.json' ||
    path === '/auth/jwks';
  if (req.method === 'OPTIONS' && cors) {
    res.writeHead(204, { ...corsHeaders(), 'access-control-max-age': '600' }).end();
    return;
  }
  if (path === '/fhir/.well-known/smart-configuration' || path === '/.well-known/smart-configuration') {
    return sendJson(res, 200, smartConfiguration(ctx), corsHeaders());
  }
  if (path === '/fhir' || path.startsWith('/fhir/')) return handleFhir(ctx, req, res);
  if (path === '/auth/authorize' && req.method === 'GET') return handleAuthorize(ctx, req, res);
  if (path === '/auth/pick' && req.method === 'POST') return handlePatientPick(ctx, req, res);
  if (path === '/auth/token' && req.method === 'POST') return handleToken(ctx, req, res);
  if (path === '/auth/jwks') return sendJson(res, 200, ctx.signer.jwks(), corsHeaders());
  if (path === '/smart-style.json') return sendJson(res, 200, SMART_STYLE, corsHeaders());
  if (path.startsWith('/admin/')) return handleAdmin(ctx, req, res, path);
  if (path === '/' && req.method === 'GET') {
    return sendHtml(
      res,
      200,
      launcherPage(
        ctx.patients,
        `${ctx.appUrl()}/launch/launch.html?iss=${encodeURIComponent(fhirBase(ctx))}`,
      ),
    );
  }
  if (path === '/ehr/chart' && req.method === 'POST') return openChart(ctx, req, res, cdsUrl);
  if (path === '/ehr/orders' && req.method === 'POST') return handleOrderEntry(ctx, req, res, cdsUrl);
  if (path === '/ehr/cds/apply' && req.method === 'POST') {
    const outcome = await applySuggestion(ctx, repoRoute(ctx), new URLSearchParams(await readBody(req)));
    return sendHtml(res, outcome.ok ? 200 : 409, cardActionPage(outcome.ok, outcome.lines));
  }
  if (path === '/ehr/cds/override' && req.method === 'POST') {
    const outcome = await overrideCard(ctx, new URLSearchParams(await readBody(req)));
    return sendHtml(res, outcome.ok ? 200 : 409, cardActionPage(outcome.ok, outcome.lines));
  }
  if (path === '/favicon.ico') {
    res.writeHead(204).end();
    return;
  }
  sendHtml(res, 404, notFoundPage());
}

/** The chart of the patient chosen on the list, with the app framed through a fresh EHR launch. */
async function openChart(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  cdsUrl?: string,
): Promise<void> {
  const patientId = new URLSearchParams(await readBody(req)).get('patient') ?? '';
  const patient = ctx.patients.find((p) => p.id === patientId);
  if (!patient) return sendHtml(res, 404, notFoundPage());
  const launch = ctx.sessions.createLaunch(patient.id);
  const withLaunch = (url: string): string => {
    const target = new URL(url);
    target.searchParams.set('iss', fhirBase(ctx));
    target.searchParams.set('launch', launch);
    return target.href;
  };
  const result = cdsUrl ? await callPatientView(ctx, cdsUrl, patient.id) : undefined;
  const chartId = cdsUrl && result?.ok ? rememberCards(patient.id, result.cards, cdsUrl) : undefined;
  const cds = result ? { result, smartLaunchUrl: withLaunch, ...(chartId ? { chartId } : {}) } : undefined;
  const page = chartPage(patient, withLaunch(`${ctx.appUrl()}/launch/launch.html`), cds);
  sendHtml(res, 200, page, { frame: new URL(ctx.appUrl()).origin });
}

function handler(ctx: SandboxContext, serve: Route) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    serve(ctx, req, res).catch((error: unknown) => {
      // Never log request details: URLs may carry codes or patient ids.
      console.error(`sandbox: internal error: ${error instanceof Error ? error.message : 'unknown'}`);
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal error' });
      else res.end();
    });
  };
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const host = options.host ?? '127.0.0.1';
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const patients = options.patients ?? syntheticPatients(today);
  const state = { origin: '', appUrl: options.appUrl?.replace(/\/$/, '') ?? '' };
  const ctx: SandboxContext = {
    origin: () => state.origin,
    appUrl: () => state.appUrl,
    clients: () => [appClient(state.appUrl), ...(options.clients ?? [])],
    faults: new Faults(options.faults),
    sessions: new Sessions(),
    repo: await createFhirStore(patients),
    patients,
    signer: await createEhrSigner(),
    today,
    ...(options.bulk
      ? {
          backend: new BackendServices(options.bulk.clients, {
            ...(options.bulk.tokenLifetimeSeconds
              ? { lifetimeSeconds: options.bulk.tokenLifetimeSeconds }
              : {}),
          }),
        }
      : {}),
  };
  const bulk =
    options.bulk && ctx.backend
      ? new BulkExportServer(patients, ctx.backend, () => state.origin, options.bulk)
      : undefined;
  const servers: Server[] = [];
  let cdsUrl: string | undefined;
  const ehr = createServer(handler(ctx, (c, req, res) => route(c, req, res, cdsUrl, bulk)));
  servers.push(ehr);
  state.origin = `http://${host}:${await listen(ehr, options.port ?? 8090, host)}`;
  if (!options.appUrl) {
    const root = resolve(options.appDir ?? 'dist-app');
    // Only the demo EHR frames the app, and the app talks only to the demo EHR (FHIR and authorization).
    const policy = { frameAncestors: [state.origin], connectOrigins: [state.origin] };
    const app = createServer(handler(ctx, (_ctx, req, res) => serveStatic(root, req, res, policy)));
    servers.push(app);
    state.appUrl = `http://${host}:${await listen(app, options.appPort ?? 5173, host)}`;
  }
  let cdsService: RunningCdsService | undefined;
  if (options.cds && 'url' in options.cds) cdsUrl = options.cds.url.replace(/\/$/, '');
  if (options.cds && 'port' in options.cds) {
    cdsService = await startCdsService({
      host,
      port: options.cds.port,
      ehrOrigin: state.origin,
      appUrl: state.appUrl,
    });
    cdsUrl = cdsService.url;
  }
  return {
    origin: state.origin,
    ...(cdsUrl ? { cdsUrl } : {}),
    fhirBase: fhirBase(ctx),
    appUrl: state.appUrl,
    context: ctx,
    ...(bulk ? { bulk } : {}),
    close: async () => {
      await Promise.all([...servers.map(closeServer), cdsService?.close()]);
    },
  };
}
