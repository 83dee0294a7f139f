/**
 * Write-back through the demo EHR in Chromium: accept after the access token expired, exactly once
 * across two launches, a note where the EHR will not take the laboratory request, read-only for a
 * patient, and the EHR's own card whose suggestion buttons apply the actions and send feedback.
 * Screenshots of each state go to test-results/ (not committed).
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Resource } from '@medplum/fhirtypes';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChart, setFaults, startE2E, type E2E } from './harness.js';

const RESULTS_DIR = resolve(import.meta.dirname, '../../test-results');

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E({ cds: true });
  await mkdir(RESULTS_DIR, { recursive: true });
});
afterAll(async () => {
  await e2e?.close();
});

async function writtenByApp(patientId: string): Promise<Resource[]> {
  const seeded = new Set(e2e.sandbox.context.patients.flatMap((p) => p.resources.map((r) => r.id)));
  const found: Resource[] = [];
  for (const type of ['MedicationRequest', 'ServiceRequest', 'DocumentReference'] as const) {
    const bundle = await e2e.sandbox.context.repo.search({
      resourceType: type,
      filters: [{ code: 'subject', operator: 'eq' as never, value: `Patient/${patientId}` }],
    });
    for (const entry of bundle.entry ?? [])
      if (entry.resource && !seeded.has(entry.resource.id)) found.push(entry.resource);
  }
  return found;
}

async function refreshGrants(): Promise<number> {
  const events = (await (await fetch(`${e2e.sandbox.origin}/admin/events`)).json()) as {
    refreshGrants?: number;
  };
  return events.refreshGrants ?? 0;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: resolve(RESULTS_DIR, `writeback-${name}.png`), fullPage: true });
}

async function decisionReady(app: Frame): Promise<void> {
  await app.getByRole('heading', { name: 'Your decision' }).waitFor({ timeout: 30_000 });
  await app.locator('.preview').first().waitFor({ timeout: 20_000 });
}

describe('accept in the app', () => {
  it(
    'after token expiry: refreshed, exactly one draft, and a second launch shows "Proposed on"',
    { timeout: 90_000 },
    async () => {
      await setFaults(e2e, { accessTokenLifetimeSeconds: 5 });
      const first = await openChart(e2e, 'aih-ada');
      try {
        const app = first.app();
        await decisionReady(app);
        await shot(first.page, 'preview');
        const preview = await app.locator('.preview').first().innerText();
        expect(preview).toContain('draft proposal, to be reviewed and signed in the EHR');
        // Let the access token expire before accepting.
        await new Promise((resolve) => setTimeout(resolve, 6_000));
        const before = await refreshGrants();
        const accept = app.getByRole('button', { name: /^Accept: / }).first();
        const label = (await accept.innerText()).replace(/^Accept: /, '');
        await accept.focus();
        await first.page.keyboard.press('Enter');
        const result = app.locator('.write-result');
        await result.waitFor({ timeout: 20_000 });
        await shot(first.page, 'written');
        expect(await refreshGrants()).toBeGreaterThan(before);
        const text = await result.innerText();
        expect(text).toContain('written to the EHR as a draft proposal');
        const created = await writtenByApp('aih-ada');
        expect(created).toHaveLength(1);
        expect(created[0]).toMatchObject({
          resourceType: 'MedicationRequest',
          status: 'draft',
          intent: 'proposal',
          requester: { reference: 'Practitioner/demo-clinician' },
        });
        expect(text).toContain(`MedicationRequest/${created[0]!.id}`);
        // Focus stays in the decision area after the keyboard Accept.
        expect(await app.evaluate(() => Boolean(document.activeElement?.closest('.decision')))).toBe(true);

        await setFaults(e2e, { accessTokenLifetimeSeconds: 3600 });
        const second = await openChart(e2e, 'aih-ada');
        try {
          const again = second.app();
          const proposed = again.getByText(/Proposed on \d{4}-\d{2}-\d{2}/);
          await proposed.waitFor({ timeout: 30_000 });
          expect(await proposed.innerText()).toContain(`MedicationRequest/${created[0]!.id}`);
          expect(await again.getByRole('button', { name: `Accept: ${label}` }).count()).toBe(0);
          await shot(second.page, 'already-proposed');
          expect(await writtenByApp('aih-ada')).toHaveLength(1);
        } finally {
          await second.context.close();
        }
      } finally {
        await setFaults(e2e, { accessTokenLifetimeSeconds: 3600 });
        await first.context.close();
      }
    },
  );

  it(
    'an EHR that will not take the laboratory request: the preview says a note, and a note is written',
    { timeout: 60_000 },
    async () => {
      await setFaults(e2e, { deniedType: 'ServiceRequest' });
      const chart = await openChart(e2e, 'aih-dario');
      try {
        const app = chart.app();
        await decisionReady(app);
        const accept = app.getByRole('button', { name: /^Accept: .*metabolite/i });
        const describedBy = await accept.getAttribute('aria-describedby');
        const preview = await app.locator(`[id="${describedBy ?? ''}"]`).innerText();
        expect(preview).toContain('does not accept draft laboratory requests');
        expect(preview).toContain('Accept writes a clinical note');
        await shot(chart.page, 'note-preview');
        await accept.click();
        await app.locator('.write-result').waitFor({ timeout: 20_000 });
        const created = await writtenByApp('aih-dario');
        expect(created.map((r) => r.resourceType)).toEqual(['DocumentReference']);
        expect(created[0]).toMatchObject({
          docStatus: 'preliminary',
          author: [{ reference: 'Practitioner/demo-clinician' }],
        });
        await shot(chart.page, 'note-written');
      } finally {
        await setFaults(e2e, { deniedType: null });
        await chart.context.close();
      }
    },
  );
});

describe('an EHR that takes no writes at all', () => {
  it(
    'says so before Accept, offers the text to copy with a Copy button, and writes nothing',
    { timeout: 60_000 },
    async () => {
      // The EHR's CapabilityStatement, as a server without any create would give it.
      const chart = await openChart(e2e, 'aih-ada', async (context) => {
        await context.route('**/fhir/metadata', async (route) => {
          const response = await route.fetch();
          const statement = (await response.json()) as {
            rest: { resource: { interaction: { code: string }[] }[] }[];
          };
          for (const rest of statement.rest) {
            for (const resource of rest.resource) {
              resource.interaction = resource.interaction.filter((i) => i.code !== 'create');
            }
          }
          await route.fulfill({ response, json: statement });
        });
      });
      try {
        const app = chart.app();
        await app.getByText(/accepts neither drafts nor notes/).waitFor({ timeout: 30_000 });
        const before = await writtenByApp('aih-ada');
        expect(await app.getByRole('button', { name: /^Accept:/ }).count()).toBe(0);
        await app
          .getByRole('button', { name: /^Get the text to copy:/ })
          .first()
          .click();
        const text = await app.getByLabel('Note text').inputValue();
        expect(text).toContain('Suggestion accepted');
        await app.getByRole('button', { name: 'Copy text' }).waitFor();
        await shot(chart.page, 'copy-text');
        expect(await writtenByApp('aih-ada')).toHaveLength(before.length);
      } finally {
        await chart.context.close();
      }
    },
  );
});

describe('patient-standalone launch', () => {
  it('is read-only and says why; nothing can be accepted', { timeout: 60_000 }, async () => {
    const context = await e2e.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    try {
      const page = await context.newPage();
      await page.goto(
        `${e2e.sandbox.appUrl}/launch/launch.html?iss=${encodeURIComponent(e2e.sandbox.fhirBase)}`,
      );
      await page.getByRole('button', { name: 'Ada Testpatient' }).click();
      await page.getByText(/signed in as a patient .* read-only/).waitFor({ timeout: 30_000 });
      expect(await page.getByRole('button', { name: /^Accept/ }).count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Record override' }).count()).toBe(0);
      await shot(page, 'patient-read-only');
    } finally {
      await context.close();
    }
  });
});

describe("the demo EHR's own card (CDS Hooks client)", () => {
  it(
    'a suggestion button applies all its actions once and sends accepted feedback; a dismissal sends overridden',
    { timeout: 60_000 },
    async () => {
      const chart = await openChart(e2e, 'aih-dario');
      try {
        const page = chart.page;
        const before = await writtenByApp('aih-dario');
        const button = page.locator('.cds-card button.cds-suggestion').first();
        await button.waitFor({ timeout: 20_000 });
        await shot(page, 'ehr-card');
        await button.click();
        const result = page.locator('.card-action-result');
        await result.waitFor({ timeout: 20_000 });
        const text = await result.innerText();
        expect(text).toContain('Created: ');
        expect(text).toContain('Feedback sent to the CDS service.');
        await shot(page, 'ehr-card-applied');
        const created = (await writtenByApp('aih-dario')).filter((r) => !before.some((b) => b.id === r.id));
        expect(created.length).toBeGreaterThan(0);
        for (const resource of created)
          expect(resource).toMatchObject({ status: 'draft', intent: 'proposal' });
        // Applying the same suggestion again (another chart open) writes nothing more.
        const again = await openChart(e2e, 'aih-dario');
        try {
          await again.page.locator('.cds-card button.cds-suggestion').first().click();
          const repeat = again.page.locator('.card-action-result');
          await repeat.waitFor({ timeout: 20_000 });
          expect(await repeat.innerText()).toContain('Already in the chart');
          expect(await writtenByApp('aih-dario')).toHaveLength(before.length + created.length);
        } finally {
          await again.context.close();
        }
        const third = await openChart(e2e, 'aih-dario');
        try {
          await third.page.locator('.cds-card select[name="reason"]').first().selectOption({ index: 1 });
          await third.page.getByRole('button', { name: 'Dismiss card' }).first().click();
          const dismissed = third.page.locator('.card-action-result');
          await dismissed.waitFor({ timeout: 20_000 });
          const text = await dismissed.innerText();
          expect(text).toContain('Card dismissed');
          expect(text).toContain('Feedback sent to the CDS service.');
        } finally {
          await third.context.close();
        }
      } finally {
        await chart.context.close();
      }
    },
  );
});
