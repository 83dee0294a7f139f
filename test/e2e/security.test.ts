/**
 * The browser half of issue 12 against the demo EHR in Chromium: a compromised FHIR server cannot
 * draw the token to another origin, a server without PKCE S256 gets no authorize request, and an
 * EHR that is not configured is refused by name.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminPost, openChart, setFaults, startE2E, type E2E } from './harness.js';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});
afterEach(async () => {
  await adminPost(e2e, '/admin/faults/reset');
});

/** Another origin that would collect the token: it records every request and invites CORS. */
interface Collector {
  origin: string;
  received: { method: string; url: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

async function startCollector(): Promise<Collector> {
  const received: Collector['received'] = [];
  const server: Server = createServer((req, res) => {
    received.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    res.writeHead(req.method === 'OPTIONS' ? 204 : 200, {
      'access-control-allow-origin': '*',
      'access-control-allow-headers': 'authorization, accept, content-type',
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'content-type': 'application/fhir+json',
    });
    res.end(
      req.method === 'OPTIONS' ? undefined : JSON.stringify({ resourceType: 'Bundle', type: 'searchset' }),
    );
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

describe('a compromised FHIR server (cross-origin next links, an absolute cross-origin medicationReference)', () => {
  it(
    'never sends the token to the other origin; the app says what it did not read',
    { timeout: 60_000 },
    async () => {
      const collector = await startCollector();
      await setFaults(e2e, { hostileOrigin: collector.origin });
      const chart = await openChart(e2e, 'aih-ada');
      const requested: string[] = [];
      chart.context.on('request', (request: Request) => requested.push(request.url()));
      try {
        const app = chart.app();
        await app.getByRole('heading', { name: 'Assessment may be incomplete' }).waitFor({ timeout: 30_000 });
        const body = await app.locator('body').innerText();
        expect(body).toContain(
          `later results were not read: the EHR pointed to another server (${collector.origin})`,
        );
        expect(body).toContain(
          `1 referenced drug was not read: the EHR pointed to another server (${collector.origin})`,
        );
        // Give any stray request time to arrive before checking that none did.
        await new Promise((done) => setTimeout(done, 500));
        expect(collector.received.filter((r) => r.authorization !== undefined)).toEqual([]);
        expect(collector.received).toEqual([]);
        expect(requested.filter((url) => url.startsWith(collector.origin))).toEqual([]);
      } finally {
        await chart.context.close();
        await collector.close();
      }
    },
  );
});

describe('a launch against an EHR whose SMART configuration omits S256', () => {
  it('shows the PKCE refusal and sends no authorize request', { timeout: 60_000 }, async () => {
    await setFaults(e2e, { omitS256: true });
    const context = await e2e.browser.newContext();
    const requested: string[] = [];
    context.on('request', (request: Request) => requested.push(request.url()));
    try {
      const page = await context.newPage();
      await page.goto(`${e2e.sandbox.origin}/`);
      await page.getByRole('button', { name: /Launch AIH Navigator for .*Ada Testpatient/ }).click();
      await page.waitForURL(/\/ehr\/chart$/);
      const launch = page.frames().find((frame) => frame.url().startsWith(`${e2e.sandbox.appUrl}/launch/`));
      if (!launch) throw new Error('The launch page frame is not there');
      await launch
        .getByRole('heading', { name: "This EHR's sign-in does not offer PKCE" })
        .waitFor({ timeout: 20_000 });
      expect(await launch.locator('body').innerText()).toContain(
        'Ask your EHR administrator to enable PKCE (S256)',
      );
      expect(requested.some((url) => url.includes('/.well-known/smart-configuration'))).toBe(true);
      expect(requested.filter((url) => new URL(url).pathname === '/auth/authorize')).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('a launch from an EHR that is not configured', () => {
  it('names the issuer as text and contacts nobody', { timeout: 60_000 }, async () => {
    const context = await e2e.browser.newContext();
    const requested: string[] = [];
    context.on('request', (request: Request) => requested.push(request.url()));
    try {
      const page = await context.newPage();
      const iss = 'https://fhir.attacker.example/fhir/<b>bold</b>';
      await page.goto(`${e2e.sandbox.appUrl}/launch/launch.html?iss=${encodeURIComponent(iss)}&launch=x`);
      await page.getByRole('heading', { name: 'This EHR is not configured for AIH Navigator' }).waitFor();
      expect(await page.locator('#launch-status').innerText()).toContain(iss);
      expect(await page.locator('b').count()).toBe(0);
      expect(requested.filter((url) => !url.startsWith(e2e.sandbox.appUrl))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('a page of another origin that frames the app', () => {
  it('gets nothing: frame-ancestors names only the EHR', { timeout: 60_000 }, async () => {
    const framer = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>Framer</title><iframe src="${e2e.sandbox.appUrl}/index.html"></iframe>`);
    });
    await new Promise<void>((done) => framer.listen(0, '127.0.0.1', done));
    const context = await e2e.browser.newContext();
    const refused: string[] = [];
    try {
      const page = await context.newPage();
      page.on('console', (message) => {
        if (/frame-ancestors/.test(message.text())) refused.push(message.text());
      });
      const { port } = framer.address() as AddressInfo;
      await page.goto(`http://127.0.0.1:${port}/`);
      await expect.poll(() => refused.length, { timeout: 10_000 }).toBeGreaterThan(0);
      const framed = page.frames().find((frame) => frame !== page.mainFrame());
      expect(await framed?.locator('#root').count()).not.toBe(1);
    } finally {
      await context.close();
      await new Promise((done) => framer.close(done));
    }
  });
});
