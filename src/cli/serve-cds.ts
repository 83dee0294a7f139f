/**
 * `aih-navigator serve-cds`: runs the CDS Hooks service until SIGINT/SIGTERM. Prints where it
 * listens and one line per call (method, path, status, time): never tokens or patient data.
 */
import { parseArgs } from 'node:util';
import { loadTrustedIssuers, type CdsServerConfig } from '../cds-hooks/config.js';
import { createCdsServer } from '../cds-hooks/server.js';
import { createBatchedLog } from './batched-log.js';
import { serviceHeapFlags } from './heap.js';

export const SERVE_CDS_HELP = `Usage: aih-navigator serve-cds [options]

Runs the AIH Navigator CDS Hooks service (patient-view) with discovery at /cds-services.

Options:
  --port N                 port to listen on (default 8091; 0 picks a free port)
  --host HOST              address to listen on (default 127.0.0.1)
  --public-url URL         base URL the EHR calls, used as the JWT audience (default http://HOST:PORT)
  --app-launch-url URL     SMART app launch URL for the card's link
  --trusted-issuers FILE   JSON object: EHR issuer (iss) -> { "jwksUrl": URL, "fhirServers": [URL, ...] }
                           (the FHIR base URLs the issuer's access tokens may be sent to; an issuer
                           given as just its JWKS URL may call with prefetch only)
  --data-dir DIR           where card feedback is stored (default .cds-feedback)
  --allow-unsigned         development only: accept calls without a verified JWT
  --allow-loopback-http    development only: JWKS and FHIR servers may be plain http on this
                           machine (otherwise https only; implied by --allow-unsigned)
  --workers N              worker threads that answer patient-view calls (default: one per core
                           beyond the first, 1 to 4; 0 answers them on the HTTP thread)
  -h, --help               show this help`;

type ServeArgs =
  | { kind: 'config'; config: CdsServerConfig; issuersFile?: string }
  | { kind: 'help' }
  | { kind: 'usage-error'; message: string };

export function parseServeCdsArgs(argv: readonly string[]): ServeArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'public-url': { type: 'string' },
        'app-launch-url': { type: 'string' },
        'trusted-issuers': { type: 'string' },
        'data-dir': { type: 'string' },
        'allow-unsigned': { type: 'boolean' },
        'allow-loopback-http': { type: 'boolean' },
        workers: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return { kind: 'usage-error', message: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { kind: 'help' };
  const port = Number(values.port ?? '8091');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    return { kind: 'usage-error', message: `--port must be a port number, got "${values.port ?? ''}"` };
  }
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && (!/^\d+$/.test(values.workers ?? '') || !Number.isSafeInteger(workers))) {
    return { kind: 'usage-error', message: `--workers must be 0 or more, got "${values.workers ?? ''}"` };
  }
  for (const name of ['public-url', 'app-launch-url'] as const) {
    const value = values[name];
    if (value !== undefined && !/^https?:\/\//.test(value)) {
      return { kind: 'usage-error', message: `--${name} must be an http(s) URL` };
    }
  }
  if (!values['trusted-issuers'] && !values['allow-unsigned']) {
    return {
      kind: 'usage-error',
      message: 'give --trusted-issuers FILE (the EHRs allowed to call), or --allow-unsigned for development',
    };
  }
  const config: CdsServerConfig = {
    port,
    host: values.host ?? '127.0.0.1',
    dataDir: values['data-dir'] ?? '.cds-feedback',
    allowUnsigned: values['allow-unsigned'] ?? false,
    ...(values['allow-loopback-http'] ? { allowLoopbackHttp: true } : {}),
    ...(values['public-url'] ? { publicUrl: values['public-url'] } : {}),
    ...(values['app-launch-url'] ? { appLaunchUrl: values['app-launch-url'] } : {}),
    ...(workers !== undefined ? { workers } : {}),
  };
  return {
    kind: 'config',
    config,
    ...(values['trusted-issuers'] ? { issuersFile: values['trusted-issuers'] } : {}),
  };
}

/** Runs the service; resolves with the exit code once it has stopped. */
export async function serveCds(argv: string[]): Promise<number> {
  const parsed = parseServeCdsArgs(argv);
  if (parsed.kind === 'help') {
    console.log(SERVE_CDS_HELP);
    return 0;
  }
  if (parsed.kind === 'usage-error') {
    console.error(`aih-navigator serve-cds: ${parsed.message}\n\n${SERVE_CDS_HELP}`);
    return 2;
  }
  const access = createBatchedLog((text) => process.stdout.write(text));
  const config: CdsServerConfig = { ...parsed.config, log: (line) => access.log(line) };
  try {
    if (parsed.issuersFile) config.trustedIssuers = await loadTrustedIssuers(parsed.issuersFile);
  } catch (error) {
    console.error(`aih-navigator serve-cds: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  if (config.allowUnsigned) {
    console.warn(
      'WARNING: --allow-unsigned is set: calls are accepted WITHOUT verifying the EHR. Never use this with real patients.',
    );
  }
  serviceHeapFlags();
  let server;
  try {
    server = createCdsServer(config);
  } catch (error) {
    // A trusted issuer's JWKS or FHIR URL that is not https: a configuration error, said plainly.
    console.error(`aih-navigator serve-cds: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  try {
    const { url } = await server.listen();
    console.log(`AIH Navigator CDS Hooks service: discovery at ${url}/cds-services`);
  } catch (error) {
    access.flush();
    console.error(
      `aih-navigator serve-cds: could not start (${error instanceof Error ? error.message : String(error)})`,
    );
    return 1;
  }
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  access.flush();
  return 0;
}
