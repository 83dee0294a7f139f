/**
 * Runs the project's CDS Hooks service in the sandbox process, trusting this EHR's signing key,
 * so opening a chart shows the same card the app computes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCdsServer } from '../../cds-hooks/server.js';

export interface RunningCdsService {
  url: string;
  close(): Promise<void>;
}

export async function startCdsService(options: {
  host: string;
  port: number;
  ehrOrigin: string;
  appUrl: string;
}): Promise<RunningCdsService> {
  // Feedback of demo sessions is kept in a temporary folder, removed on stop.
  const dataDir = await mkdtemp(join(tmpdir(), 'aih-sandbox-cds-'));
  const server = createCdsServer({
    host: options.host,
    port: options.port,
    appLaunchUrl: `${options.appUrl}/launch/launch.html`,
    trustedIssuers: {
      [options.ehrOrigin]: {
        jwksUrl: `${options.ehrOrigin}/auth/jwks`,
        fhirServers: [`${options.ehrOrigin}/fhir`],
      },
    },
    // The demo EHR runs on this machine over plain http.
    allowLoopbackHttp: true,
    dataDir,
  });
  const { url } = await server.listen();
  return {
    url,
    close: async () => {
      await server.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
