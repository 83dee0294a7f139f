/**
 * The patient-view service answered in worker threads, run from the compiled dist/ (Node cannot
 * start a worker from the TypeScript sources): the same answers as on the main thread, one jti
 * replay cache for all workers, and a crashed worker costs one call a 500, not the server.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CdsServerConfig } from '../../../src/cds-hooks/config.js';
import { defaultWorkers, workerCount } from '../../../src/cds-hooks/patient-view-runner.js';
import type { CdsServer } from '../../../src/cds-hooks/server.js';
import { makeKey, postJson, signJwt, startFhirServer, startJwks, type TestKey } from './helpers.js';
import { AS_OF, hookRequest, insufficientResponder, noAih, prefetchFor, tooEarly } from './patients.js';

const ROOT = join(import.meta.dirname, '../../..');
const BUILT_SERVER = join(ROOT, 'dist/cds-hooks/server.js');
const BUILT_WORKER = join(ROOT, 'dist/cds-hooks/patient-view-worker.js');
const ISSUER = 'https://ehr.example.org';
const APP_LAUNCH = 'https://app.example.org/launch.html';

function newestSource(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when it is missing or older than the sources it is compiled from. */
function ensureBuilt(): void {
  const sources = ['src/cds-hooks', 'src/core', 'src/fhir'].map((folder) => newestSource(join(ROOT, folder)));
  const fresh = (file: string): boolean => existsSync(file) && statSync(file).mtimeMs >= Math.max(...sources);
  if (fresh(BUILT_SERVER) && fresh(BUILT_WORKER)) return;
  // tsc still emits when unrelated files have type errors, so the result is judged by the output files.
  spawnSync('flock', ['/tmp/aih-navigator-build.lock', 'npm', 'run', 'build:node'], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  if (!existsSync(BUILT_WORKER))
    throw new Error('npm run build:node did not produce the patient-view worker');
}

type ServerModule = typeof import('../../../src/cds-hooks/server.js');
type PoolModule = typeof import('../../../src/cds-hooks/worker-pool.js');

describe('CDS Hooks service with worker threads (compiled)', () => {
  let key: TestKey;
  let jwks: Awaited<ReturnType<typeof startJwks>>;
  let fhir: Awaited<ReturnType<typeof startFhirServer>>;
  let dataDir: string;
  let createServer: ServerModule['createCdsServer'];
  const running: CdsServer[] = [];
  const logs: string[] = [];
  const patients = [...insufficientResponder(), ...tooEarly(), ...noAih()];

  beforeAll(async () => {
    ensureBuilt();
    createServer = ((await import(pathToFileURL(BUILT_SERVER).href)) as ServerModule).createCdsServer;
    key = await makeKey('ES384', 'ehr-key-1');
    jwks = await startJwks([key]);
    fhir = await startFhirServer(patients);
    dataDir = await mkdtemp(join(tmpdir(), 'cds-workers-'));
  }, 180_000);
  afterAll(async () => {
    await Promise.all(running.map((server) => server.close()));
    await Promise.all([jwks?.close(), fhir?.close()]);
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  async function start(extra: Partial<CdsServerConfig>): Promise<string> {
    const server = createServer({
      port: 0,
      trustedIssuers: { [ISSUER]: { jwksUrl: jwks.jwksUrl, fhirServers: [fhir.base] } },
      allowLoopbackHttp: true,
      dataDir: join(dataDir, String(running.length)),
      appLaunchUrl: APP_LAUNCH,
      today: () => AS_OF,
      log: (line) => logs.push(line),
      ...extra,
    });
    running.push(server);
    return `${(await server.listen()).url}/cds-services/aih-navigator`;
  }
  const call = async (url: string, body: unknown) =>
    postJson(url, body, await signJwt(key, { iss: ISSUER, aud: url }));
  const callRaw = async (url: string, text: string) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${await signJwt(key, { iss: ISSUER, aud: url })}`,
      },
      body: text,
    });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  it('answers every kind of call exactly as the in-process service does', async () => {
    const pooled = await start({ workers: 2 });
    const inProcess = await start({ workers: 0 });
    const calls: unknown[] = [
      hookRequest('p-insufficient', { prefetch: prefetchFor(insufficientResponder()) }),
      hookRequest('p-early', { prefetch: prefetchFor(tooEarly()) }),
      hookRequest('p-no-aih', { prefetch: prefetchFor(noAih()) }),
      hookRequest('p-insufficient', { fhirServer: fhir.base, accessToken: 'access-token' }),
      hookRequest('p-insufficient', { prefetch: { patient: insufficientResponder()[0] } }),
      hookRequest('p-early', { prefetch: prefetchFor(insufficientResponder()) }),
      { hook: 'patient-view', context: {} },
    ];
    const statuses: number[] = [];
    for (const body of calls) {
      const [viaWorker, onMainThread] = await Promise.all([call(pooled, body), call(inProcess, body)]);
      expect(viaWorker.status).toBe(onMainThread.status);
      expect(viaWorker.body).toEqual(onMainThread.body);
      statuses.push(viaWorker.status);
    }
    // The calls above cover a card, no card, a FHIR read, 412, a patient mismatch and a bad request.
    expect(statuses).toEqual([200, 200, 200, 200, 412, 400, 400]);
    const first = (await call(pooled, calls[0])).body as { cards: { summary: string }[] };
    expect(first.cards).toHaveLength(1);
    const invalid = await Promise.all([callRaw(pooled, '{"hook":'), callRaw(inProcess, '{"hook":')]);
    expect(invalid[0]).toEqual(invalid[1]);
    expect(invalid[0].status).toBe(400);
  });

  it('answers order-sign in a worker exactly as on the main thread', async () => {
    const pooled = (await start({ workers: 1 })).replace(/aih-navigator$/, 'aih-navigator-order-sign');
    const inProcess = (await start({ workers: 0 })).replace(/aih-navigator$/, 'aih-navigator-order-sign');
    const allopurinol = {
      resourceType: 'MedicationRequest',
      id: 'd-allo',
      status: 'draft',
      intent: 'order',
      medicationCodeableConcept: { text: 'allopurinol 100 mg tablet' },
    };
    const body = {
      ...hookRequest('p-insufficient', { prefetch: prefetchFor(insufficientResponder()) }),
      hook: 'order-sign',
      context: {
        userId: 'Practitioner/dr-1',
        patientId: 'p-insufficient',
        draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: allopurinol }] },
      },
    };
    const [viaWorker, onMainThread] = await Promise.all([call(pooled, body), call(inProcess, body)]);
    expect(viaWorker.status).toBe(200);
    expect(viaWorker.body).toEqual(onMainThread.body);
    const cards = (viaWorker.body as { cards: { indicator: string }[] }).cards;
    expect(cards[0]?.indicator).toBe('critical');
  });

  it('refuses a replayed JWT whichever worker would answer it', async () => {
    const url = await start({ workers: 2 });
    const token = await signJwt(key, { iss: ISSUER, aud: url });
    const body = hookRequest('p-early', { prefetch: prefetchFor(tooEarly()) });
    const answers = await Promise.all([1, 2, 3, 4].map(() => postJson(url, body, token)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401, 401, 401]);
  });

  it('answers 500 when a worker crashes, replaces it and keeps serving', async () => {
    const script = pathToFileURL(join(import.meta.dirname, 'crashing-worker.mjs'));
    const url = await start({ workers: 1, workerScript: script });
    const good = hookRequest('p-insufficient', { prefetch: prefetchFor(insufficientResponder()) });
    const before = await call(url, good);
    expect(before.status).toBe(200);

    const crashing = {
      ...hookRequest('p-early', { prefetch: prefetchFor(tooEarly()) }),
      hookInstance: 'crash-this-worker',
    };
    const crashed = await call(url, crashing);
    expect(crashed.status).toBe(500);
    expect(crashed.body).toEqual({ error: 'internal-error', message: 'The service failed; try again.' });
    expect(JSON.stringify(crashed.body)).not.toContain('crash');
    expect(logs.some((line) => line.startsWith('patient-view worker replaced'))).toBe(true);

    const after = await call(url, good);
    expect(after.status).toBe(200);
    expect(after.body).toEqual(before.body);
  });

  it('answers a prefetch seen before on the main thread, with the record the worker mapped', async () => {
    // This worker dies on any call whose body says so: a call it never sees cannot crash it.
    const script = pathToFileURL(join(import.meta.dirname, 'crashing-worker.mjs'));
    const pooled = await start({ workers: 1, workerScript: script });
    const inProcess = await start({ workers: 0 });
    const prefetch = prefetchFor(insufficientResponder());
    const first = hookRequest('p-insufficient', { prefetch });
    const again = { ...first, hookInstance: 'crash-this-worker' };
    const viaWorker = await call(pooled, first);
    expect(viaWorker.status).toBe(200);
    const onMainThread = await call(pooled, again);
    const inProcessAnswer = await call(inProcess, again);
    // Status and body: headers such as Date may differ between two calls.
    expect([onMainThread.status, onMainThread.body]).toEqual([inProcessAnswer.status, inProcessAnswer.body]);
    expect(onMainThread.body).toEqual(viaWorker.body);
    // Another prefetch is not known there: the worker gets it (and dies of it).
    const other = {
      ...hookRequest('p-early', { prefetch: prefetchFor(tooEarly()) }),
      hookInstance: 'crash-this-worker',
    };
    expect((await call(pooled, other)).status).toBe(500);
  });

  it('maps a prefetch once for calls that bring it together: the later ones wait for its record', async () => {
    // This worker dies of a second task: every call after the first must be answered on the main thread.
    const script = pathToFileURL(join(import.meta.dirname, 'one-task-worker.mjs'));
    const pooled = await start({ workers: 1, workerScript: script });
    const body = hookRequest('p-early', { prefetch: prefetchFor(tooEarly()) });
    const answers = await Promise.all(
      [1, 2, 3].map((n) => call(pooled, { ...body, hookInstance: `h-${n}` })),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
  });

  it('does not restart a worker that fails before it is ready in a tight loop', async () => {
    const { WorkerPool } = (await import(
      pathToFileURL(join(ROOT, 'dist/cds-hooks/worker-pool.js')).href
    )) as PoolModule;
    const broken = join(dataDir, 'broken-worker.mjs');
    await writeFile(broken, "throw new Error('this worker cannot start');\n");
    const replaced: string[] = [];
    const pool = new WorkerPool(pathToFileURL(broken), 1, (reason) => replaced.push(reason));
    try {
      await expect(pool.run({ any: 'task' })).rejects.toThrow(/worker/);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(replaced).toHaveLength(1);
      expect(pool.size).toBe(0);
      await expect(pool.run({ any: 'task' })).rejects.toThrow(/no worker running/);
    } finally {
      await pool.close();
    }
  });
});

describe('worker count', () => {
  it('takes the configured number, and refuses what cannot work', () => {
    expect(workerCount({ workers: 3 })).toBe(3);
    expect(workerCount({ workers: 0, dependencies: {} })).toBe(0);
    expect(() => workerCount({ workers: -1 })).toThrow(/workers/);
    expect(() => workerCount({ workers: 1.5 })).toThrow(/workers/);
    // Injected functions cannot cross to a worker thread.
    expect(() => workerCount({ workers: 2, dependencies: {} })).toThrow(/workers to 0/);
    expect(() => workerCount({ workers: 2, uuid: (seed) => seed })).toThrow(/workers to 0/);
  });

  it('uses one worker per core beyond the first, at least one and at most four', () => {
    expect([1, 2, 3, 4, 5, 8, 64].map(defaultWorkers)).toEqual([1, 1, 2, 3, 4, 4, 4]);
  });

  it('answers on the main thread by default when dependencies are injected or run from sources', () => {
    expect(workerCount({ dependencies: {} })).toBe(0);
    // These tests run the TypeScript sources, which have no compiled worker to start.
    expect(workerCount({})).toBe(0);
  });
});
