/**
 * The CDS Hooks service over plain `node:http` (no framework: three routes do not need one):
 * discovery, the `patient-view` service and its feedback endpoint. See routes.ts for who may call.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { issuerEntry, localToday, type CdsServerConfig, type TrustedIssuers } from './config.js';
import { defaultDependencies } from './dependencies.js';
import { FeedbackStore } from './feedback-store.js';
import { sendError } from './http.js';
import { createJwtTrust } from './jwt-trust.js';
import { LoopTurns } from './loop-turns.js';
import type { PatientViewSettings } from './patient-view.js';
import { createPatientViewRunner, workerCount, type PatientViewRunner } from './patient-view-runner.js';
import { route, type RouteContext } from './routes.js';
import { isAllowedServiceUrl } from './url-policy.js';

export interface CdsServer {
  /** Starts listening; `url` is the public base URL (discovery is `{url}/cds-services`). */
  listen(): Promise<{ url: string }>;
  close(): Promise<void>;
  /** The feedback log while listening (tests and operators read it; there is no HTTP read-back). */
  readonly feedback: FeedbackStore | undefined;
}

export function createCdsServer(config: CdsServerConfig): CdsServer {
  if (!config.allowUnsigned && !config.trustedIssuers) {
    throw new Error('The CDS Hooks service needs trusted issuers (or allowUnsigned for development).');
  }
  const allowLoopbackHttp = config.allowLoopbackHttp === true || config.allowUnsigned === true;
  const issuers = config.trustedIssuers ?? {};
  checkIssuerUrls(issuers, allowLoopbackHttp);
  const trust = config.allowUnsigned ? undefined : createJwtTrust({ issuers, allowLoopbackHttp });
  const patientView: PatientViewSettings = {
    dependencies: { ...defaultDependencies, ...config.dependencies },
    today: config.today ?? ((): string => localToday()),
    ...(config.appLaunchUrl ? { appLaunchUrl: config.appLaunchUrl } : {}),
    ...(config.uuid ? { uuid: config.uuid } : {}),
    allowPlainHttpFhir: allowLoopbackHttp,
  };
  const log = config.log ?? ((): void => undefined);
  workerCount(config); // a bad worker setting fails here, not on the first call
  let ctx: RouteContext | undefined;
  let runner: PatientViewRunner | undefined;
  // The turns of the HTTP thread's answering work, told of each new connection (loop-turns.ts).
  const turns = new LoopTurns();

  const server = createServer((request, response) => {
    const started = performance.now();
    const answered = ctx ? route(ctx, request, response) : Promise.reject(new Error('not listening'));
    answered
      .catch((error: unknown): number | 'aborted' => {
        // The client went away (mid-body, or before the answer): not a failure of the service.
        // (A request whose body was read is destroyed too, so the connection is what tells.)
        if (response.destroyed || request.socket.destroyed) return 'aborted';
        // Only the error's kind is logged: its message could quote patient data.
        log(`internal error (${error instanceof Error ? error.name : 'unknown'})`);
        if (!response.headersSent)
          sendError(response, 500, 'internal-error', 'The service failed; try again.');
        return 500;
      })
      .then((status) => {
        const path = new URL(request.url ?? '/', 'http://service.invalid').pathname;
        log(`${request.method ?? '?'} ${path} ${status} ${(performance.now() - started).toFixed(1)} ms`);
      })
      .catch(() => undefined);
  });
  server.requestTimeout = 30_000;
  server.on('connection', () => turns.connectionOpened());

  return {
    get feedback() {
      return ctx?.store;
    },
    async listen() {
      const store = await FeedbackStore.open(config.dataDir ?? '.cds-feedback');
      let patientViewRunner: PatientViewRunner;
      try {
        patientViewRunner = createPatientViewRunner(config, patientView, log, turns);
      } catch (error) {
        await store.close();
        throw error;
      }
      const host = config.host ?? '127.0.0.1';
      const port = await listenOn(server, config.port ?? 8091, host).catch(async (error: unknown) => {
        await Promise.all([store.close(), patientViewRunner.close()]);
        throw error;
      });
      runner = patientViewRunner;
      const publicUrl = (
        config.publicUrl ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`
      ).replace(/\/+$/, '');
      ctx = {
        trust,
        publicUrl,
        basePath: new URL(publicUrl).pathname.replace(/\/+$/, ''),
        store,
        patientView: (body, caller) => patientViewRunner.answer(body, caller),
        orderHook: (hook, body, caller) => patientViewRunner.answer(body, caller, hook),
        fhirServersOf: (issuer) =>
          Object.hasOwn(issuers, issuer) && issuers[issuer] !== undefined
            ? issuerEntry(issuers[issuer]).fhirServers
            : [],
        log,
      };
      return { url: publicUrl };
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await Promise.all([ctx?.store.close(), runner?.close()]);
      ctx = undefined;
      runner = undefined;
    },
  };
}

/** Every JWKS and FHIR base URL must be https (loopback http only in development): said at start-up. */
function checkIssuerUrls(issuers: TrustedIssuers, allowLoopbackHttp: boolean): void {
  for (const [issuer, entry] of Object.entries(issuers)) {
    const { jwksUrl, fhirServers } = issuerEntry(entry);
    for (const url of [jwksUrl, ...fhirServers]) {
      if (!isAllowedServiceUrl(url, allowLoopbackHttp))
        throw new Error(
          `Trusted issuer ${issuer}: ${url} is not an https URL (plain http only to this machine, with --allow-loopback-http).`,
        );
    }
  }
}

function listenOn(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
