/**
 * Shared set-up of the end-to-end tests: one sandbox (on free ports, serving the built app from
 * dist-app/) and one headless Chromium per test file.
 */
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type ConsoleMessage,
  type Frame,
  type Page,
} from 'playwright-core';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.mjs';

const APP_DIR = resolve(import.meta.dirname, '../../dist-app');

export interface E2E {
  sandbox: RunningSandbox;
  browser: Browser;
  close(): Promise<void>;
}

export async function startE2E(options: { cds?: boolean } = {}): Promise<E2E> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: install it with \`apt-get install -y chromium\`.`);
  }
  if (!existsSync(resolve(APP_DIR, 'index.html')) || !existsSync(resolve(APP_DIR, 'launch/launch.html'))) {
    throw new Error('The app is not built (dist-app/): run `npm run build` first (`npm test` does).');
  }
  // A private copy: a rebuild of dist-app/ during the run must not swap the app's chunks underneath.
  const appDir = await mkdtemp(join(tmpdir(), 'aih-e2e-app-'));
  await cp(APP_DIR, appDir, { recursive: true });
  const sandbox = await startSandbox({
    port: 0,
    appPort: 0,
    appDir,
    ...(options.cds ? { cds: { port: 0 } } : {}),
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS],
  });
  return {
    sandbox,
    browser,
    close: async () => {
      await browser.close();
      await sandbox.close();
      await rm(appDir, { recursive: true, force: true });
    },
  };
}

export interface OpenedChart {
  context: BrowserContext;
  page: Page;
  /** Every console message of the page and its frames, as text. */
  consoleMessages: string[];
  app(): Frame;
}

/** A fresh browser context (own storage) with the EHR chart of one patient open. */
export async function openChart(
  e2e: E2E,
  patientId: string,
  prepare?: (context: BrowserContext) => Promise<void>,
): Promise<OpenedChart> {
  const context = await e2e.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await prepare?.(context);
  const page = await context.newPage();
  const consoleMessages: string[] = [];
  page.on('console', (message: ConsoleMessage) => consoleMessages.push(message.text()));
  page.on('pageerror', (error) => consoleMessages.push(`pageerror: ${error.message}`));
  await page.goto(`${e2e.sandbox.origin}/`);
  await page
    .getByRole('button', { name: new RegExp(`Launch AIH Navigator for .*${patientName(e2e, patientId)}`) })
    .click();
  await page.waitForURL(/\/ehr\/chart$/);
  const app = (): Frame => {
    const frame = page
      .frames()
      .find(
        (f) => f.url().startsWith(e2e.sandbox.appUrl) || f.url().startsWith(e2e.sandbox.origin + '/auth'),
      );
    if (!frame) throw new Error('The app frame is not there');
    return frame;
  };
  return { context, page, consoleMessages, app };
}

function patientName(e2e: E2E, patientId: string): string {
  const patient = e2e.sandbox.context.patients.find((p) => p.id === patientId);
  if (!patient) throw new Error(`No synthetic patient ${patientId}`);
  return patient.name;
}

/** Admin changes are JSON POSTs (the demo EHR refuses anything a cross-site form could send). */
export async function adminPost(e2e: E2E, path: string, body: unknown = {}): Promise<void> {
  const res = await fetch(`${e2e.sandbox.origin}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path} answered ${res.status}`);
}

export async function setFaults(e2e: E2E, faults: Record<string, unknown>): Promise<void> {
  await adminPost(e2e, '/admin/faults', faults);
}
