/**
 * `npm start` / `npm run sandbox`: runs the demo EHR and serves the built app, prints the
 * launcher URL, and stops cleanly on Ctrl-C.
 */
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { z, ZodError } from 'zod';
import { faultPatchSchema, type FaultPatch } from './faults.js';
import { startSandbox, type SandboxOptions } from './server.js';

const USAGE = `Usage: npm start -- [options]
  --port N              EHR port (FHIR, SMART, launcher), default 8090
  --host H              listen address, default 127.0.0.1
  --app-url URL         app served elsewhere (e.g. http://127.0.0.1:5173 from \`vite\`)
  --app-dir DIR         built app to serve, default dist-app
  --app-port N          port for the built app, default 5173
  --today YYYY-MM-DD    reference date of the synthetic records, default today
  --cds-port N          port of the CDS Hooks service called when a chart opens, default 8091
  --cds-url URL         call a CDS Hooks service running elsewhere instead
  --no-cds              open charts without calling CDS Hooks
Error injection (also at runtime: POST /admin/faults, POST /admin/expire-tokens):
  --token-lifetime S    access token lifetime in seconds, default 3600
  --refuse-refresh      refuse every refresh grant
  --deny-type TYPE      leave TYPE out of every grant (reads answer 403)
  --fail-type TYPE      every request for TYPE answers 500
  --slow-ms N           delay every FHIR response by N ms
  --bulk-client ID=FILE register a SMART Backend Services client with its public JWKS (enables
                        Bulk Data $export for 'aih-navigator export')
  --bulk-copies N       copies of the synthetic charts in a Bulk Data export, default 1`;

export function parseSandboxArgs(argv: string[]): SandboxOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'app-url': { type: 'string' },
      'app-dir': { type: 'string' },
      'app-port': { type: 'string' },
      today: { type: 'string' },
      'cds-port': { type: 'string' },
      'cds-url': { type: 'string' },
      'no-cds': { type: 'boolean' },
      'token-lifetime': { type: 'string' },
      'refuse-refresh': { type: 'boolean' },
      'deny-type': { type: 'string' },
      'fail-type': { type: 'string' },
      'slow-ms': { type: 'string' },
      'bulk-client': { type: 'string' },
      'bulk-copies': { type: 'string' },
    },
  });
  const int = (value: string | undefined, name: string): number | undefined => {
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value)) throw new Error(`--${name} must be a whole number`);
    return Number(value);
  };
  if (values.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.today))
    throw new Error('--today must be YYYY-MM-DD');
  const faults: FaultPatch = faultPatchSchema.parse({
    accessTokenLifetimeSeconds: int(values['token-lifetime'], 'token-lifetime'),
    refuseRefresh: values['refuse-refresh'],
    deniedType: values['deny-type'],
    failingType: values['fail-type'],
    slowMs: int(values['slow-ms'], 'slow-ms'),
  });
  return {
    port: int(values.port, 'port'),
    host: values.host,
    appUrl: values['app-url'],
    appDir: values['app-dir'],
    appPort: int(values['app-port'], 'app-port'),
    today: values.today,
    cds: values['no-cds']
      ? undefined
      : values['cds-url']
        ? { url: values['cds-url'] }
        : { port: int(values['cds-port'], 'cds-port') ?? 8091 },
    faults: Object.fromEntries(Object.entries(faults).filter(([, v]) => v !== undefined)),
    ...(values['bulk-client'] === undefined
      ? {}
      : { bulk: bulkOptions(values['bulk-client'], int(values['bulk-copies'], 'bulk-copies')) }),
  };
}

const jwksFileSchema = z.object({ keys: z.array(z.looseObject({ kty: z.string() })).min(1) });

/** `ID=FILE`: a backend client and its public keys, for the demo EHR's Bulk Data export. */
function bulkOptions(client: string, copies: number | undefined): NonNullable<SandboxOptions['bulk']> {
  const [clientId, file] = client.split(/=(.*)/s);
  if (!clientId || !file) throw new Error('--bulk-client must be ID=JWKS_FILE');
  const jwks = jwksFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!jwks.success) throw new Error(`--bulk-client: ${file} is not a JWKS ({"keys": [...]})`);
  if (jwks.data.keys.some((key) => 'd' in key)) throw new Error(`--bulk-client: ${file} holds a private key`);
  return { clients: [{ clientId, jwks: jwks.data }], ...(copies ? { copies } : {}) };
}

export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  let options: SandboxOptions;
  try {
    options = parseSandboxArgs(argv);
  } catch (error) {
    const message =
      error instanceof ZodError
        ? error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
        : error instanceof Error
          ? error.message
          : String(error);
    console.error(`${message}\n\n${USAGE}`);
    return 64;
  }
  const sandbox = await startSandbox(options);
  console.log(`Demo EHR (synthetic patients only) is running.
  Launcher:  ${sandbox.origin}/
  FHIR base: ${sandbox.fhirBase}
  App:       ${sandbox.appUrl}
  CDS Hooks: ${sandbox.cdsUrl ?? 'off'}
Press Ctrl-C to stop.`);
  await new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await sandbox.close();
  console.log('Demo EHR stopped.');
  return 0;
}

// Run when executed directly (node dist/sandbox/main.js), not when imported by tests.
if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const inUse = (error as { code?: unknown }).code === 'EADDRINUSE';
      const detail = error instanceof Error ? error.message : String(error);
      console.error(
        inUse
          ? `The demo EHR could not start: ${detail}. Stop whatever uses that port, or choose others with --port, --app-port, --cds-port.`
          : `The demo EHR could not start: ${detail}`,
      );
      process.exitCode = 1;
    },
  );
}
