/**
 * EHR launch from the demo EHR's patient list into the framed app: chart and card, accept and
 * override with write-back, accessibility, and what the browser keeps.
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { Resource } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChart, startE2E, type E2E, type OpenedChart } from './harness.js';
import { findLeaks } from './privacy.js';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const RESULTS_DIR = resolve(import.meta.dirname, '../../test-results');

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E({ cds: true });
});
afterAll(async () => {
  await e2e?.close();
});

async function resourcesOf(
  type: 'MedicationRequest' | 'DocumentReference',
  patientId: string,
): Promise<Resource[]> {
  const bundle = await e2e.sandbox.context.repo.search({
    resourceType: type,
    filters: [{ code: 'patient', operator: 'eq' as never, value: `Patient/${patientId}` }],
  });
  return (bundle.entry ?? []).flatMap((entry) => (entry.resource ? [entry.resource] : []));
}

async function writtenByApp(patientId: string): Promise<Resource[]> {
  const seededIds = new Set(e2e.sandbox.context.patients.flatMap((p) => p.resources.map((r) => r.id)));
  const all = [
    ...(await resourcesOf('MedicationRequest', patientId)),
    ...(await resourcesOf('DocumentReference', patientId)),
  ];
  return all.filter((r) => !seededIds.has(r.id ?? ''));
}

async function waitForCard(chart: OpenedChart): Promise<void> {
  await chart.app().getByRole('heading', { name: 'Your decision' }).waitFor({ timeout: 30_000 });
}

describe('EHR launch of an insufficient responder (Ada Testpatient)', () => {
  let chart: OpenedChart;
  beforeAll(async () => {
    chart = await openChart(e2e, 'aih-ada');
    await waitForCard(chart);
  });
  afterAll(async () => {
    await chart?.context.close();
  });

  it('shows the patient banner, the card with the deciding values, and the trend chart', async () => {
    const app = chart.app();
    expect(app.url().startsWith(`${e2e.sandbox.appUrl}/`)).toBe(true);
    await expect(app.getByText('Ada Testpatient').first().isVisible()).resolves.toBe(true);
    const body = await app.locator('body').innerText();
    expect(body).toContain('Insufficient response');
    expect(body).toMatch(/ALT 1\.7×ULN/);
    expect(body).toContain('Consider tacrolimus');
    expect(body).toContain('Mycophenolate mofetil');
    expect(body).toContain('ALT, AST and IgG over time');
    // The EHR's own CDS Hooks card (patient-view) says the same, above the chart.
    const cdsCard = await chart.page.locator('.cds-card').innerText();
    expect(cdsCard).toMatch(/Insufficient response at 6 months: ALT 1\.7×ULN/);
    await mkdir(RESULTS_DIR, { recursive: true });
    await chart.page.screenshot({ path: resolve(RESULTS_DIR, 'main-screen.png'), fullPage: true });
  });

  it('has no serious or critical axe-core violations on the main screen', async () => {
    const app = chart.app();
    await app.evaluate(AXE_SOURCE);
    const result = await app.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<any> } })
        .axe;
      const run = await axe.run(document, { resultTypes: ['violations'] });
      return run.violations.map((v: any) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
    });
    const serious = result.filter(
      (v: { impact: string }) => v.impact === 'serious' || v.impact === 'critical',
    );
    expect(serious).toEqual([]);
  });

  it('accepts a suggestion once, even on a double click, and the order is on the FHIR server', async () => {
    const app = chart.app();
    const before = await writtenByApp('aih-ada');
    const accept = app.getByRole('button', { name: /^Accept: / }).first();
    // Two clicks in the same tick, before React can re-render and disable the button.
    await accept.evaluate((button: HTMLButtonElement) => {
      button.click();
      button.click();
    });
    const result = app.locator('.write-result');
    await result.waitFor({ timeout: 20_000 });
    const text = await result.innerText();
    expect(text).toContain('Suggestion accepted');
    const ref = /(MedicationRequest|DocumentReference)\/[A-Za-z0-9-]+/.exec(text)?.[0];
    expect(ref).toBeDefined();
    const created = (await writtenByApp('aih-ada')).filter((r) => !before.some((b) => b.id === r.id));
    expect(created).toHaveLength(1);
    expect(`${created[0]?.resourceType}/${created[0]?.id}`).toBe(ref);
    const stored = await e2e.sandbox.context.repo.readResource<Resource>(
      ref!.split('/')[0]!,
      ref!.split('/')[1]!,
    );
    if (stored.resourceType === 'MedicationRequest') {
      expect(stored.status).toBe('draft');
      expect(stored.intent).toBe('proposal');
      expect(stored.subject?.reference).toBe('Patient/aih-ada');
    }
    await expect(accept.isDisabled()).resolves.toBe(true);
  });

  it('keeps no token or patient identifier in localStorage, URLs or the console', async () => {
    const { leaks, secrets } = await findLeaks(chart, 'aih-ada', 'DEMO-1001');
    expect(secrets).toBeGreaterThan(0);
    expect(leaks).toEqual([]);
  });
});

describe('override with a reason (Olga Testpatient)', () => {
  it('records the override and writes it to the chart', { timeout: 60_000 }, async () => {
    const chart = await openChart(e2e, 'aih-olga');
    try {
      await waitForCard(chart);
      const app = chart.app();
      const before = await writtenByApp('aih-olga');
      await app.getByLabel('Reason').selectOption({ label: 'Already under specialist care' });
      await app.getByLabel('Comment (optional)').fill('Seen in the liver clinic last week.');
      await app.getByRole('button', { name: 'Record override' }).click();
      const result = app.locator('.write-result');
      await result.waitFor({ timeout: 20_000 });
      const text = await result.innerText();
      expect(text).toContain('Override recorded');
      const created = (await writtenByApp('aih-olga')).filter((r) => !before.some((b) => b.id === r.id));
      // The sandbox allows notes: the override is written as a DocumentReference, once, with the reason.
      const ref = /DocumentReference\/[A-Za-z0-9-]+/.exec(text)?.[0];
      expect(ref).toBeDefined();
      expect(created.map((r) => `${r.resourceType}/${r.id}`)).toEqual([ref]);
      const { leaks } = await findLeaks(chart, 'aih-olga', 'DEMO-1015');
      expect(leaks).toEqual([]);
    } finally {
      await chart.context.close();
    }
  });
});
