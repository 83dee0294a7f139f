/**
 * The clinician's view in Chromium through a real EHR launch: the one line first, the medications and
 * results behind the suggestion, the chart's zoom, and a printout without buttons.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChart, startE2E, type E2E, type OpenedChart } from './harness.js';

const RESULTS_DIR = resolve(import.meta.dirname, '../../test-results');

let e2e: E2E;
let chart: OpenedChart;
beforeAll(async () => {
  e2e = await startE2E({ cds: true });
  chart = await openChart(e2e, 'aih-ada');
  await chart.app().locator('.assessment-card').waitFor({ timeout: 30_000 });
}, 60_000);
afterAll(async () => {
  await chart?.context.close();
  await e2e?.close();
});

describe("the clinician's view (Ada Testpatient, insufficient response)", () => {
  it('opens with one line: state, deciding value, next step', async () => {
    const glance = await chart.app().locator('.glance').innerText();
    expect(glance).toMatch(/Insufficient response/);
    expect(glance).toMatch(/×ULN on \d{4}-\d{2}-\d{2}/);
    expect(glance).toMatch(/Next:/);
    // The detail is folded: the card's first screen is short.
    const height = await chart
      .app()
      .locator('.assessment-card')
      .evaluate((card) => card.scrollHeight);
    expect(height).toBeLessThan(1200);
  });

  it('lists the AIH medications and the latest metabolites and safety results with dates', async () => {
    const app = chart.app();
    const medications = await app.getByRole('table', { name: 'AIH medications, current first' }).innerText();
    expect(medications).toMatch(/Azathioprine/);
    expect(medications).toMatch(/Prednis/);
    const results = await app
      .getByRole('table', { name: 'Latest metabolites and safety results' })
      .innerText();
    for (const test of ['6-MMP', '6-TGN', 'WBC', 'eGFR', 'INR']) expect(results).toContain(test);
    expect(results).not.toMatch(/\{|10\*|umol/);
  });

  it('keeps the chart ending at the as-of date, and the CDS card on the EHR page', async () => {
    const asOf = await chart.app().locator('.as-of text').textContent();
    expect(asOf).toMatch(/^As of \d{4}-\d{2}-\d{2}$/);
    await expect(chart.page.locator('.cds-card').count()).resolves.toBeGreaterThan(0);
  });

  it('prints without buttons, with the folded detail', async () => {
    const app = chart.app();
    await chart.page.emulateMedia({ media: 'print' });
    try {
      const visibleButtons = await app
        .locator('button')
        .evaluateAll((buttons) => buttons.filter((b) => getComputedStyle(b).display !== 'none').length);
      expect(visibleButtons).toBe(0);
    } finally {
      await chart.page.emulateMedia({ media: 'screen' });
    }
  });

  it('saves screenshots of the chart page with the card', async () => {
    await mkdir(RESULTS_DIR, { recursive: true });
    await chart.page.screenshot({ path: resolve(RESULTS_DIR, 'clinician-view.png'), fullPage: true });
    await chart.page.setViewportSize({ width: 1000, height: 760 });
    await chart.page.screenshot({ path: resolve(RESULTS_DIR, 'readme-chart-page.png') });
  });
});
