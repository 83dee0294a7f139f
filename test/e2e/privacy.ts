/** Checks that no token or patient identifier leaks into storage, URLs or the console. */
import type { OpenedChart } from './harness.js';

export interface Leak {
  where: string;
  what: string;
}

/** Secrets the browser holds: tokens from fhirclient's sessionStorage state. */
async function sessionSecrets(chart: OpenedChart): Promise<string[]> {
  const values = await chart.app().evaluate(() => Object.values(sessionStorage));
  const secrets = new Set<string>();
  for (const value of values) {
    for (const match of value.matchAll(/"(access_token|refresh_token|id_token)":"([^"]+)"/g)) {
      if (match[2]) secrets.add(match[2]);
    }
  }
  return [...secrets];
}

export async function findLeaks(
  chart: OpenedChart,
  patientId: string,
  mrn: string,
): Promise<{ leaks: Leak[]; secrets: number }> {
  const secrets = await sessionSecrets(chart);
  const needles = [...secrets, patientId, mrn];
  const leaks: Leak[] = [];
  const local = await chart.app().evaluate(() => JSON.stringify(Object.entries(localStorage)));
  const pageLocal = await chart.page.evaluate(() => JSON.stringify(Object.entries(localStorage)));
  const places: [string, string][] = [
    ['app localStorage', local],
    ['EHR page localStorage', pageLocal],
    ['app URL', chart.app().url()],
    ['page URL', chart.page.url()],
    ['console', chart.consoleMessages.join('\n')],
  ];
  for (const [where, text] of places) {
    for (const needle of needles) {
      if (text.includes(needle))
        leaks.push({ where, what: needle === patientId || needle === mrn ? needle : 'a token' });
    }
  }
  return { leaks, secrets: secrets.length };
}
