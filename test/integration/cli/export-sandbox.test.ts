/**
 * `aih-navigator export` end to end against the demo EHR's Bulk Data server: Backend Services token with
 * a registered key, asynchronous kick-off, polling, download, DELETE, and the same worklist as `classify`
 * over the downloaded folder; resuming after a failed download; the server's error file reported.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Capture } from '../../unit/cli/capture.js';
import { exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../src/cli/help.js';
import { runCli } from '../../../src/cli/main.js';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../../src/sandbox/server.js';

const TODAY = '2026-06-01';
const SLOW = 120_000;

async function cli(argv: string[], tty = false): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture();
  const stderr = new Capture(tty);
  const code = await runCli(argv, { stdout, stderr, now: () => new Date(`${TODAY}T12:00:00`) });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

let dir: string;
let rsaKeyFile: string;
let ecPemFile: string;
let publicJwks: { keys: Record<string, unknown>[] };
let sandbox: RunningSandbox | undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aih-export-test-'));
  const rsa = await generateKeyPair('RS384', { extractable: true });
  const ec = await generateKeyPair('ES384', { extractable: true });
  const rsaPrivate = { ...(await exportJWK(rsa.privateKey)), kid: 'rsa-1', alg: 'RS384' };
  publicJwks = {
    keys: [
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS384' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES384' },
    ],
  };
  rsaKeyFile = join(dir, 'rsa.jwks.json');
  writeFileSync(rsaKeyFile, JSON.stringify({ keys: [rsaPrivate] }));
  ecPemFile = join(dir, 'ec.pem');
  writeFileSync(ecPemFile, await exportPKCS8(ec.privateKey));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function start(bulk: Partial<NonNullable<SandboxOptions['bulk']>> = {}): Promise<RunningSandbox> {
  sandbox = await startSandbox({
    port: 0,
    appUrl: 'http://127.0.0.1:9',
    today: TODAY,
    bulk: { clients: [{ clientId: 'screen', jwks: publicJwks }], retryAfterSeconds: 0, ...bulk },
  });
  return sandbox;
}

describe('aih-navigator export against the demo EHR', () => {
  it(
    'pulls the export with an RS384 assertion and writes the worklist classify gives for the same files',
    { timeout: SLOW },
    async () => {
      const ehr = await start({ copies: 3 });
      const out = join(dir, 'kept');
      const run = await cli([
        'export',
        '--fhir-base',
        ehr.fhirBase,
        '--client-id',
        'screen',
        '--key',
        rsaKeyFile,
        '--out',
        out,
        '--as-of',
        TODAY,
        '--format',
        'csv',
      ]);
      expect(run.stderr).toMatch(/export: \d+ files in [\d.]+ s/);
      expect(run.code).toBe(EXIT.ok);
      const rows = run.stdout.trim().split('\r\n');
      expect(rows.length - 1).toBe(ehr.context.patients.length * 3);
      const offline = await cli(['classify', '--as-of', TODAY, '--format', 'csv', out]);
      expect(offline.stdout).toBe(run.stdout);
      const events = ehr.bulk?.events;
      expect(events?.kickOffs).toBe(1);
      expect(events?.statusPolls).toBe(3);
      expect(events?.deletedJobs).toHaveLength(1);
      expect(readdirSync(out)).toContain('Observation.ndjson');
    },
  );

  it(
    'signs with an ES384 PEM key, removes its temporary folder, and shows progress on a terminal',
    { timeout: SLOW },
    async () => {
      const ehr = await start();
      const before = readdirSync(tmpdir()).filter((name) => name.startsWith('aih-navigator-export-')).length;
      const run = await cli(
        [
          'export',
          '--fhir-base',
          ehr.fhirBase,
          '--client-id',
          'screen',
          '--key',
          ecPemFile,
          '--kid',
          'ec-1',
          '--as-of',
          TODAY,
        ],
        true,
      );
      expect(run.code).toBe(EXIT.ok);
      expect(run.stdout.trim().split('\n')).toHaveLength(ehr.context.patients.length);
      expect(run.stderr).toMatch(/export: the server is preparing the files \(0% complete\)/);
      const after = readdirSync(tmpdir()).filter((name) => name.startsWith('aih-navigator-export-')).length;
      expect(after).toBe(before);
    },
  );

  it(
    'resumes after a failed download, fetching only the missing file from the same job',
    { timeout: SLOW },
    async () => {
      const ehr = await start({ failFirstDownloadOf: 'Observation', failFirstDownloadStatus: 403 });
      const out = join(dir, 'resumed');
      const args = [
        'export',
        '--fhir-base',
        ehr.fhirBase,
        '--client-id',
        'screen',
        '--key',
        rsaKeyFile,
        '--out',
        out,
        '--as-of',
        TODAY,
      ];
      const failed = await cli(args);
      expect(failed.code).toBe(EXIT.exportFailed);
      expect(failed.stderr).toMatch(
        /Observation\.ndjson could not be downloaded: HTTP 403.*run the same command again to resume/,
      );
      const downloadedFirst = [...(ehr.bulk?.events.downloads ?? [])];
      expect(downloadedFirst).not.toContain('Observation');
      const resumed = await cli(args);
      expect(resumed.code).toBe(EXIT.ok);
      expect(resumed.stderr).toMatch(/\(resumed\)/);
      expect(ehr.bulk?.events.kickOffs).toBe(1);
      expect(ehr.bulk?.events.downloads.slice(downloadedFirst.length)).toEqual(['Observation']);
      expect(ehr.bulk?.events.deletedJobs).toHaveLength(1);
    },
  );

  it(
    'retries a transient failure within the run, and reports the server error file without its text',
    { timeout: SLOW },
    async () => {
      const ehr = await start({ failFirstDownloadOf: 'Condition', reportErrors: true });
      const run = await cli([
        'export',
        '--fhir-base',
        ehr.fhirBase,
        '--client-id',
        'screen',
        '--key',
        rsaKeyFile,
        '--as-of',
        TODAY,
        '--no-classify',
      ]);
      expect(run.code).toBe(EXIT.ok);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/the server reported 1 problem\(s\) exporting resources/);
      expect(run.stderr).not.toMatch(/simulated/);
    },
  );

  it(
    'is refused for an unregistered client or a key the client did not register',
    { timeout: SLOW },
    async () => {
      const ehr = await start();
      const other = await generateKeyPair('RS384', { extractable: true });
      const otherFile = join(dir, 'other.json');
      writeFileSync(otherFile, JSON.stringify(await exportJWK(other.privateKey)));
      const wrongKey = await cli([
        'export',
        '--fhir-base',
        ehr.fhirBase,
        '--client-id',
        'screen',
        '--key',
        otherFile,
      ]);
      expect(wrongKey.code).toBe(EXIT.exportFailed);
      expect(wrongKey.stderr).toMatch(/token request was refused: HTTP 401/);
      const unknown = await cli([
        'export',
        '--fhir-base',
        ehr.fhirBase,
        '--client-id',
        'nobody',
        '--key',
        rsaKeyFile,
      ]);
      expect(unknown.code).toBe(EXIT.exportFailed);
      expect(ehr.bulk?.events.kickOffs).toBe(0);
    },
  );

  it('refuses plain http to another machine and missing options as usage errors', async () => {
    const remote = await cli([
      'export',
      '--fhir-base',
      'http://ehr.example.org/fhir',
      '--client-id',
      'a',
      '--key',
      rsaKeyFile,
    ]);
    expect(remote.code).toBe(EXIT.usage);
    expect(remote.stderr).toMatch(/must be https/);
    expect((await cli(['export', '--client-id', 'a'])).code).toBe(EXIT.usage);
  });
});
