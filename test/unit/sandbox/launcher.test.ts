import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveStaticPath } from '../../../src/sandbox/http/static-files.js';
import { parseSandboxArgs } from '../../../src/sandbox/main.js';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/server.js';

let sandbox: RunningSandbox;
let appDir: string;

beforeAll(async () => {
  appDir = await mkdtemp(join(tmpdir(), 'aih-app-'));
  await mkdir(join(appDir, 'launch'));
  await writeFile(join(appDir, 'index.html'), '<!doctype html><title>app</title>');
  await writeFile(join(appDir, 'launch', 'launch.html'), '<!doctype html><title>launch</title>');
  sandbox = await startSandbox({ port: 0, appPort: 0, appDir, cds: { port: 0 } });
});
afterAll(async () => {
  await sandbox?.close();
  await rm(appDir, { recursive: true, force: true });
});

function openChart(patient: string): Promise<Response> {
  return fetch(`${sandbox.origin}/ehr/chart`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ patient }).toString(),
  });
}

describe('launcher pages', () => {
  it('lists every synthetic patient with a description and a Launch link', async () => {
    const html = await (await fetch(`${sandbox.origin}/`)).text();
    for (const p of sandbox.context.patients) {
      expect(html).toContain(p.name);
      expect(html).toContain(`name="patient" value="${p.id}"`);
    }
    expect(html).toContain(
      `${sandbox.appUrl}/launch/launch.html?iss=${encodeURIComponent(sandbox.fhirBase)}`,
    );
  });

  it('opens a chart with the app framed through an EHR launch', async () => {
    const res = await openChart('aih-ada');
    const html = await res.text();
    expect(res.headers.get('content-security-policy')).toContain(`frame-src 'self' ${sandbox.appUrl}`);
    const src = /<iframe[^>]*src="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? '';
    const url = new URL(src);
    expect(url.origin + url.pathname).toBe(`${sandbox.appUrl}/launch/launch.html`);
    expect(url.searchParams.get('iss')).toBe(sandbox.fhirBase);
    expect(url.searchParams.get('launch')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The launch is opaque: it never carries the patient id.
    expect(src).not.toContain('aih-ada');
    expect(html).toContain('Ada Testpatient');
  });

  it('answers 404 for an unknown chart', async () => {
    expect((await openChart('nobody')).status).toBe(404);
  });
});

describe('CDS Hooks on chart open', () => {
  it('calls patient-view with a signed JWT and shows the card with its SMART link', async () => {
    const html = await (await openChart('aih-ada')).text();
    expect(html).toContain('cds-card warning');
    expect(html).toMatch(/Insufficient response at 6 months: ALT 1\.7×ULN/);
    const link = /<a href="([^"]+)" target="app-frame">/.exec(html)?.[1]?.replaceAll('&amp;', '&') ?? '';
    const url = new URL(link);
    expect(url.origin + url.pathname).toBe(`${sandbox.appUrl}/launch/launch.html`);
    expect(url.searchParams.get('iss')).toBe(sandbox.fhirBase);
    expect(url.searchParams.get('launch')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('shows no card when AIH is not on the problem list', async () => {
    const html = await (await openChart('aih-hugo')).text();
    expect(html).toContain('No CDS Hooks cards for this patient.');
  });

  it('refuses calls the service cannot trust', async () => {
    const res = await fetch(`${sandbox.cdsUrl}/cds-services/aih-navigator`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hook: 'patient-view', hookInstance: 'x', context: { patientId: 'aih-ada' } }),
    });
    expect(res.status).toBe(401);
  });
});

describe('app listener', () => {
  it('serves the built app on its own origin', async () => {
    expect(new URL(sandbox.appUrl).origin).not.toBe(sandbox.origin);
    const res = await fetch(`${sandbox.appUrl}/launch/launch.html`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('launch');
    expect((await fetch(`${sandbox.appUrl}/missing.js`)).status).toBe(404);
  });

  it('never resolves paths outside the app folder', () => {
    expect(resolveStaticPath('/srv/app', '/../etc/passwd')).toBeUndefined();
    expect(resolveStaticPath('/srv/app', '/%2e%2e/etc/passwd')).toBeUndefined();
    expect(resolveStaticPath('/srv/app', '/%E0%A4%A')).toBeUndefined();
    expect(resolveStaticPath('/srv/app', '/')).toBe('/srv/app/index.html');
    expect(resolveStaticPath('/srv/app', '/assets/a.js')).toBe('/srv/app/assets/a.js');
  });
});

describe('command line', () => {
  it('parses error-injection flags', () => {
    const options = parseSandboxArgs([
      '--port',
      '0',
      '--fail-type',
      'Condition',
      '--refuse-refresh',
      '--token-lifetime',
      '30',
      '--slow-ms',
      '200',
    ]);
    expect(options.port).toBe(0);
    expect(options.cds).toEqual({ port: 8091 });
    expect(parseSandboxArgs(['--no-cds']).cds).toBeUndefined();
    expect(parseSandboxArgs(['--cds-url', 'http://127.0.0.1:9999']).cds).toEqual({
      url: 'http://127.0.0.1:9999',
    });
    expect(options.faults).toEqual({
      failingType: 'Condition',
      refuseRefresh: true,
      accessTokenLifetimeSeconds: 30,
      slowMs: 200,
    });
  });

  it('rejects unknown types and bad numbers', () => {
    expect(() => parseSandboxArgs(['--deny-type', 'Encounter'])).toThrow();
    expect(() => parseSandboxArgs(['--port', 'abc'])).toThrow(/whole number/);
    expect(() => parseSandboxArgs(['--today', '22/11/2026'])).toThrow(/YYYY-MM-DD/);
  });
});
