/**
 * The app's pages as the demo EHR serves them: the Content-Security-Policy as a header, framed only by
 * the EHR, talking only to the EHR, no MIME sniffing, no referrer (issue 12, finding 11).
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerPolicy, metaPolicyOf } from '../../../src/sandbox/http/app-headers.js';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/server.js';

const ROOT = resolve(import.meta.dirname, '../../..');
let sandbox: RunningSandbox;
let appDir: string;

beforeAll(async () => {
  appDir = await mkdtemp(join(tmpdir(), 'aih-headers-'));
  await mkdir(join(appDir, 'launch'));
  await cp(join(ROOT, 'index.html'), join(appDir, 'index.html'));
  await cp(join(ROOT, 'launch/launch.html'), join(appDir, 'launch/launch.html'));
  await writeFile(join(appDir, 'app.js'), 'export {};');
  sandbox = await startSandbox({ port: 0, appPort: 0, appDir, today: '2026-06-15' });
});
afterAll(async () => {
  await sandbox.close();
  await rm(appDir, { recursive: true, force: true });
});

function directives(policy: string): Map<string, string> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => [part.split(/\s+/)[0]!, part] as const),
  );
}

describe.each(['index.html', 'launch/launch.html'])('%s from the sandbox app listener', (page) => {
  it('carries the CSP as a header: framed only by the EHR, connecting only to it, otherwise the meta policy', async () => {
    const res = await fetch(`${sandbox.appUrl}/${page}`);
    expect(res.status).toBe(200);
    const header = directives(res.headers.get('content-security-policy') ?? '');
    expect(header.get('frame-ancestors')).toBe(`frame-ancestors ${sandbox.origin}`);
    expect(header.get('connect-src')).toBe(`connect-src 'self' ${sandbox.origin}`);
    expect(header.get('connect-src')).not.toMatch(/https:|\*/);
    const meta = directives(metaPolicyOf(await res.text()) ?? '');
    for (const [name, value] of meta) {
      if (name !== 'connect-src') expect(header.get(name)).toBe(value);
    }
  });

  it('sends nosniff and no referrer', async () => {
    const res = await fetch(`${sandbox.appUrl}/${page}`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });
});

describe('other files of the app', () => {
  it('are sent with nosniff and no referrer, missing ones too', async () => {
    for (const path of ['app.js', 'missing.js']) {
      const res = await fetch(`${sandbox.appUrl}/${path}`);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });
});

describe('headerPolicy', () => {
  it('refuses every frame when no EHR origin is configured, and replaces the meta connect-src', () => {
    const policy = headerPolicy("default-src 'self'; connect-src 'self' https:; frame-ancestors *", {
      frameAncestors: [],
      connectOrigins: ['https://fhir.example.org'],
    });
    expect(policy).toBe(
      "default-src 'self'; connect-src 'self' https://fhir.example.org; frame-ancestors 'none'",
    );
  });
});
