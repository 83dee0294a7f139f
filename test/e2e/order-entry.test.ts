/**
 * The demo EHR's order entry calling the order-select and order-sign services: allopurinol beside
 * azathioprine 150 mg/day, the accepted suggestion's reduced azathioprine order, and mycophenolate
 * in pregnancy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openChart, startE2E, type E2E, type OpenedChart } from './harness.js';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E({ cds: true });
}, 60_000);
afterAll(async () => {
  await e2e?.close();
});

async function openOrderEntry(patientId: string): Promise<OpenedChart> {
  const chart = await openChart(e2e, patientId);
  await chart.page.getByRole('button', { name: 'Order entry' }).click();
  await chart.page.getByRole('heading', { name: 'Order entry' }).waitFor({ timeout: 20_000 });
  return chart;
}

async function pick(chart: OpenedChart, drug: string, dose: string): Promise<void> {
  await chart.page.getByLabel('Drug').selectOption(drug);
  await chart.page.getByLabel('Dose').fill(dose);
  await chart.page.getByRole('button', { name: 'Add to orders' }).click();
  await chart.page.getByRole('region', { name: 'Order checks (order-select)' }).waitFor({ timeout: 20_000 });
}

describe('order entry with CDS Hooks order checks', () => {
  it(
    'warns on allopurinol beside full-dose azathioprine, applies the reduced order and signs',
    { timeout: 90_000 },
    async () => {
      const chart = await openOrderEntry('aih-ada');
      try {
        await pick(chart, 'allopurinol', '100 mg by mouth daily');
        const alert = chart.page.getByRole('alert');
        await expect(alert.first().innerText()).resolves.toMatch(
          /critical\s+Allopurinol with full-dose azathioprine \(150 mg\/day\)/i,
        );
        await chart.page
          .getByRole('button', { name: /^Accept: Replace azathioprine with 25 mg\/day/ })
          .click();
        const drafts = chart.page.getByRole('list', { name: 'Draft orders' });
        await expect(drafts.innerText()).resolves.toContain('azathioprine 25 mg by mouth once daily');
        await chart.page.getByRole('button', { name: 'Sign' }).click();
        await chart.page
          .getByRole('region', { name: 'Order checks (order-sign)' })
          .waitFor({ timeout: 20_000 });
        await expect(chart.page.getByRole('status').innerText()).resolves.toContain('Orders signed');
        expect(chart.consoleMessages.join('\n')).not.toContain('Testpatient');
      } finally {
        await chart.context.close();
      }
    },
  );

  it('stops mycophenolate in pregnancy at selection and at signing', { timeout: 90_000 }, async () => {
    const chart = await openOrderEntry('aih-mira');
    try {
      await pick(chart, 'mycophenolate', '1 g by mouth twice daily');
      const selected = await chart.page.getByRole('alert').first().innerText();
      expect(selected).toMatch(/critical\s+Mycophenolate ordered in pregnancy/i);
      await chart.page.getByRole('button', { name: 'Sign' }).click();
      await chart.page
        .getByRole('region', { name: 'Order checks (order-sign)' })
        .waitFor({ timeout: 20_000 });
      expect(await chart.page.getByRole('alert').first().innerText()).toMatch(
        /Mycophenolate ordered in pregnancy/,
      );
      expect(await chart.page.getByRole('status').count()).toBe(0);
      // Accepting the suggestion removes the draft.
      await chart.page.getByRole('button', { name: /^Accept: Remove the mycophenolate draft/ }).click();
      await expect(chart.page.getByRole('list', { name: 'Draft orders' }).innerText()).resolves.toContain(
        'No draft orders',
      );
    } finally {
      await chart.context.close();
    }
  });
});
