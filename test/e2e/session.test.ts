/**
 * Standalone launch with the patient picker, token expiry with and without a refresh, and a
 * resource type that fails on the server.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminPost, openChart, setFaults, startE2E, type E2E } from './harness.js';

const RESULTS_DIR = resolve(import.meta.dirname, '../../test-results');

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

async function events(): Promise<Record<string, number>> {
  return (await fetch(`${e2e.sandbox.origin}/admin/events`)).json();
}

describe('standalone launch', () => {
  it('asks for a patient, then shows that patient', { timeout: 60_000 }, async () => {
    const context = await e2e.browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(
        `${e2e.sandbox.appUrl}/launch/launch.html?iss=${encodeURIComponent(e2e.sandbox.fhirBase)}`,
      );
      await page.getByRole('heading', { name: 'Select a patient' }).waitFor({ timeout: 20_000 });
      await page.getByRole('button', { name: 'Bruno Testpatient' }).click();
      // The standalone launch is the patient portal: the assessment is shown read-only.
      await page.getByText(/signed in as a patient .* read-only/).waitFor({ timeout: 30_000 });
      const body = await page.locator('body').innerText();
      expect(body).toContain('Bruno Testpatient');
      expect(body).toContain('Complete biochemical response');
      expect(page.url().startsWith(`${e2e.sandbox.appUrl}/`)).toBe(true);
      expect(page.url()).not.toContain('code=');
    } finally {
      await context.close();
    }
  });
});

describe('token expiry', () => {
  it('refreshes an expiring access token and goes on working', { timeout: 60_000 }, async () => {
    await setFaults(e2e, { accessTokenLifetimeSeconds: 5 });
    const before = (await events()).refreshGrants ?? 0;
    const chart = await openChart(e2e, 'aih-dario');
    try {
      await chart.app().getByRole('heading', { name: 'Your decision' }).waitFor({ timeout: 30_000 });
      expect(await chart.app().locator('body').innerText()).toContain('Loss of response');
      expect((await events()).refreshGrants).toBeGreaterThan(before);
    } finally {
      await chart.context.close();
    }
  });

  it('asks to relaunch when the refresh is refused', { timeout: 60_000 }, async () => {
    await setFaults(e2e, { accessTokenLifetimeSeconds: 5, refuseRefresh: true });
    const before = (await events()).refreshRefused ?? 0;
    const chart = await openChart(e2e, 'aih-dario');
    try {
      await chart
        .app()
        .getByText('Please close and relaunch AIH Navigator', { exact: false })
        .first()
        .waitFor({ timeout: 30_000 });
      expect((await events()).refreshRefused).toBeGreaterThan(before);
      expect(await chart.app().locator('body').innerText()).not.toContain('Loss of response');
    } finally {
      await chart.context.close();
    }
  });

  it('asks to relaunch when the server rejects an expired token', { timeout: 60_000 }, async () => {
    const chart = await openChart(e2e, 'aih-ada');
    try {
      const app = chart.app();
      await app.getByRole('heading', { name: 'Your decision' }).waitFor({ timeout: 30_000 });
      await setFaults(e2e, { refuseRefresh: true });
      await adminPost(e2e, '/admin/expire-tokens');
      await app
        .getByRole('button', { name: /^Accept: / })
        .first()
        .click();
      // Said plainly, with the text to copy: the decision is not lost.
      await app
        .getByText('Your session with the EHR has ended', { exact: false })
        .first()
        .waitFor({ timeout: 20_000 });
      await app.getByRole('button', { name: 'Copy text' }).waitFor({ timeout: 5_000 });
      expect(await app.getByLabel('Note text').inputValue()).toContain('Suggestion accepted');
      await mkdir(RESULTS_DIR, { recursive: true });
      await chart.page.screenshot({
        path: resolve(RESULTS_DIR, 'writeback-session-ended.png'),
        fullPage: true,
      });
    } finally {
      await chart.context.close();
    }
  });
});

describe('a resource type that fails on the server', () => {
  it('shows the rest with a warning that the assessment may be incomplete', { timeout: 60_000 }, async () => {
    await setFaults(e2e, { failingType: 'AllergyIntolerance' });
    const chart = await openChart(e2e, 'aih-ada');
    try {
      const app = chart.app();
      await app.getByRole('heading', { name: 'Assessment may be incomplete' }).waitFor({ timeout: 40_000 });
      const warning = await app.locator('.load-gaps').innerText();
      expect(warning).toContain('Allergies and intolerances could not be read');
      const body = await app.locator('body').innerText();
      expect(body).toContain('Ada Testpatient');
      expect(body).toContain('ALT, AST and IgG over time');
    } finally {
      await chart.context.close();
    }
  });
});
