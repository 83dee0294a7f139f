/**
 * What the browser loads on the way to the card: PKCE S256 still sent (fhirclient's WebCrypto polyfill is
 * not in the bundle), the launch page loading only its own code, the token exchange and the FHIR
 * reads under way before the screen's code (React) has arrived, UCUM's tables only for a chart with a
 * unit to convert, and the card on screen without waiting for the trend chart.
 */
import type { Request, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChart, startE2E, type E2E, type OpenedChart } from './harness.js';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

const pathOf = (request: Request) => new URL(request.url()).pathname;
const isUcumChunk = (path: string) => /^\/assets\/ucum[^/]*\.js$/.test(path);

/** A chart opened in a fresh context, with every request the app's frames made, in order. */
async function chartWithRequests(
  patientId: string,
  route?: { pattern: RegExp; handler: (route: Route) => Promise<void> },
): Promise<{ chart: OpenedChart; requests: Request[] }> {
  const requests: Request[] = [];
  const chart = await openChart(e2e, patientId, async (context) => {
    context.on('request', (request) => requests.push(request));
    if (route) await context.route(route.pattern, route.handler);
  });
  return { chart, requests };
}

describe('launch of a chart whose units are the common ones (Ada Testpatient, IgG in mg/dL)', () => {
  let chart: OpenedChart;
  let requests: Request[];
  beforeAll(async () => {
    ({ chart, requests } = await chartWithRequests('aih-ada'));
    await chart.app().locator('.assessment-card').waitFor({ timeout: 30_000 });
  });
  afterAll(async () => {
    await chart?.context.close();
  });

  it('sends a PKCE S256 challenge with the authorize request', () => {
    const authorize = requests.find((request) => pathOf(request) === '/auth/authorize');
    const params = new URL(authorize?.url() ?? 'http://missing.invalid').searchParams;
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('loads only its own code on the launch page, and the app page preloads the pipeline with its entry', () => {
    const paths = requests.map(pathOf);
    const authorizeAt = paths.indexOf('/auth/authorize');
    expect(authorizeAt).toBeGreaterThan(-1);
    const launchScripts = paths.slice(0, authorizeAt).filter((path) => path.endsWith('.js'));
    expect(launchScripts.some((path) => /^\/assets\/launch-[^/]*\.js$/.test(path))).toBe(true);
    expect(launchScripts.filter((path) => /^\/assets\/(app|pipeline|mount)-[^/]*\.js$/.test(path))).toEqual(
      [],
    );
    const afterAuthorize = paths.slice(authorizeAt);
    const tokenAt = afterAuthorize.indexOf('/auth/token');
    expect(tokenAt).toBeGreaterThan(-1);
    const beforeToken = afterAuthorize.slice(0, tokenAt);
    expect(beforeToken.some((path) => /^\/assets\/app-[^/]*\.js$/.test(path))).toBe(true);
    expect(beforeToken.some((path) => /^\/assets\/pipeline-[^/]*\.js$/.test(path))).toBe(true);
  });

  it('shows the card without loading UCUM, with IgG in mg/dL judged against its ULN', async () => {
    expect(requests.map(pathOf).filter(isUcumChunk)).toEqual([]);
    const page = (await chart.app().locator('main').textContent()) ?? '';
    expect(page).toMatch(/IgG\d{4}-\d{2}-\d{2}\d+ mg\/dL[\d.]+×ULN/);
    expect(page).not.toContain('cannot be converted');
    expect(chart.consoleMessages.filter((message) => message.startsWith('pageerror'))).toEqual([]);
  });
});

describe('launch of a chart with a unit only UCUM converts (IgG in mg/mL)', () => {
  it('shows the card with UCUM loaded on demand', { timeout: 60_000 }, async () => {
    await e2e.sandbox.context.repo.createResource({
      resourceType: 'Observation',
      status: 'final',
      category: [
        {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' },
          ],
        },
      ],
      code: {
        coding: [{ system: 'http://loinc.org', code: '2465-3', display: 'IgG [Mass/volume] in Serum' }],
      },
      subject: { reference: 'Patient/aih-cleo' },
      effectiveDateTime: e2e.sandbox.context.today,
      valueQuantity: { value: 12, unit: 'mg/mL', system: 'http://unitsofmeasure.org', code: 'mg/mL' },
    });
    const { chart, requests } = await chartWithRequests('aih-cleo');
    try {
      await chart.app().locator('.assessment-card').waitFor({ timeout: 30_000 });
      expect(await chart.app().locator('main').innerText()).not.toContain('cannot be converted');
      const paths = requests.map(pathOf);
      const ucumAt = paths.findIndex(isUcumChunk);
      expect(ucumAt).toBeGreaterThan(paths.findIndex((path) => path.startsWith('/fhir/Observation')));
      expect(chart.consoleMessages.filter((message) => message.startsWith('pageerror'))).toEqual([]);
    } finally {
      await chart.context.close();
    }
  });
});

describe('the card and the trend chart', () => {
  it('shows the card while the chart chunk is still on its way', { timeout: 60_000 }, async () => {
    let releaseChart: () => void = () => undefined;
    const chartHeld = new Promise<void>((resolve) => (releaseChart = resolve));
    const { chart } = await chartWithRequests('aih-ada', {
      pattern: /\/assets\/TrendChart-[^/]*\.js$/,
      handler: async (route) => {
        await chartHeld;
        await route.continue();
      },
    });
    try {
      await chart.app().locator('.assessment-card').waitFor({ timeout: 30_000 });
      expect(await chart.app().locator('.trend-chart').count()).toBe(0);
      releaseChart();
      await chart.app().locator('.trend-chart').first().waitFor({ timeout: 30_000 });
    } finally {
      releaseChart();
      await chart.context.close();
    }
  });
});

describe("the launch while the screen's code is on its way", () => {
  it(
    'exchanges the token and sends the FHIR reads before React has loaded, then shows the card',
    { timeout: 60_000 },
    async () => {
      let releaseScreen: () => void = () => undefined;
      const screenHeld = new Promise<void>((resolve) => (releaseScreen = resolve));
      const { chart, requests } = await chartWithRequests('aih-ada', {
        pattern: /\/assets\/mount-[^/]*\.js$/,
        handler: async (route) => {
          await screenHeld;
          await route.continue();
        },
      });
      try {
        const app = chart.app();
        await expect
          .poll(() => requests.filter((request) => pathOf(request).startsWith('/fhir/Observation')).length, {
            timeout: 30_000,
          })
          .toBeGreaterThanOrEqual(2);
        const ehrOrigin = new URL(e2e.sandbox.fhirBase).origin;
        const token = requests.find((request) => pathOf(request) === '/auth/token');
        // The code goes to the EHR's own token endpoint, with the PKCE verifier, and nowhere else.
        expect(token && new URL(token.url()).origin).toBe(ehrOrigin);
        expect(token?.method()).toBe('POST');
        expect(new URLSearchParams(token?.postData() ?? '').get('code_verifier')).toMatch(
          /^[A-Za-z0-9_~.-]{43,128}$/,
        );
        const reads = requests.filter((request) => pathOf(request).startsWith('/fhir/'));
        expect(reads.every((request) => new URL(request.url()).origin === ehrOrigin)).toBe(true);
        // Nothing of the screen yet: no React, no card.
        expect(await app.locator('.app-header').count()).toBe(0);
        releaseScreen();
        await app.locator('.assessment-card').waitFor({ timeout: 30_000 });
        const page = (await app.locator('main').textContent()) ?? '';
        expect(page).toMatch(/IgG\d{4}-\d{2}-\d{2}\d+ mg\/dL[\d.]+×ULN/);
        expect(chart.consoleMessages.filter((message) => message.startsWith('pageerror'))).toEqual([]);
        // The screen was handed the reads in flight: each search was sent once.
        const observationSearches = requests.filter(
          (request) => pathOf(request) === '/fhir/Observation' && request.method() === 'GET',
        );
        expect(observationSearches).toHaveLength(2);
      } finally {
        releaseScreen();
        await chart.context.close();
      }
    },
  );
});
