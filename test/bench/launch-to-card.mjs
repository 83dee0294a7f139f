#!/usr/bin/env node
/**
 * Launch-to-card in headless Chromium against the demo EHR over real loopback HTTP: from opening the
 * EHR launch URL (launch.html?iss=…&launch=…) through authorization, token, FHIR reads and the
 * assessment to the card visible on screen. Each launch runs in a fresh browser context (cold cache,
 * own storage), after one warm-up launch that is not counted. Also reports every JavaScript file the
 * browser loaded before the card was visible (all chunks, not only the entry), gzipped as
 * bench:bundle measures them. Where the time goes is reported per phase (medians), from the app page's
 * own Navigation and Resource Timing: launch page until the authorization redirect, the app page's
 * HTML, its scripts until the token request, the token, the FHIR reads, and the assessment to the card.
 * The demo EHR runs on the driver's thread, as every earlier figure was taken; --ehr-thread runs it on a
 * thread of its own (sandbox-thread.mjs), as a real EHR runs apart from the browser and its driver.
 * --compare DIR runs another build (DIR/dist and DIR/dist-app, e.g. an earlier commit's checkout, built)
 * against this one, launches taking turns (A B B A …), so both see the same load on a shared machine.
 * --warm keeps one browser context per build for all launches, as an EHR's embedded browser is kept
 * through a clinic: its HTTP cache and compiled code stay, while every launch is a new tab (its own
 * sessionStorage) with a new launch context and a new authorization. The target is for cold launches.
 * Usage: npm run bench:launch   (builds first)   or:
 *   node test/bench/launch-to-card.mjs [--launches N] [--patient ID] [--ehr-thread] [--compare DIR] [--warm]
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadAverageText, median } from './bench-stats.mjs';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../e2e/chromium.mjs';
import { startSandboxThread } from './sandbox-thread.mjs';

const TARGET_MS = 500;
const TARGET_KB = 150;
const root = resolve(import.meta.dirname, '../..');
const appDir = resolve(root, 'dist-app');
const sandboxModule = resolve(root, 'dist/sandbox/server.js');

const { values: options } = parseArgs({
  options: {
    launches: { type: 'string', default: '10' },
    patient: { type: 'string', default: 'aih-ada' },
    'ehr-thread': { type: 'boolean', default: false },
    compare: { type: 'string' },
    warm: { type: 'boolean', default: false },
  },
});
const launches = Math.max(1, Number(options.launches));

const otherRoot = options.compare ? resolve(options.compare) : undefined;
const builds = [
  { label: 'this build', appDir, sandboxModule },
  ...(otherRoot
    ? [
        {
          label: otherRoot,
          appDir: resolve(otherRoot, 'dist-app'),
          sandboxModule: resolve(otherRoot, 'dist/sandbox/server.js'),
        },
      ]
    : []),
];

for (const [path, hint] of [
  [CHROMIUM, 'apt-get install -y chromium'],
  ...builds.flatMap((build) => [
    [resolve(build.appDir, 'index.html'), 'npm run build:app'],
    [build.sandboxModule, 'npm run build:node'],
  ]),
]) {
  if (!existsSync(path)) {
    console.error(`Missing ${path}: ${hint}`);
    process.exit(2);
  }
}

async function startSandboxHere(build) {
  const { startSandbox } = await import(build.sandboxModule);
  const running = await startSandbox({ port: 0, appPort: 0, appDir: build.appDir });
  return { ...running, createLaunch: async (patientId) => running.context.sessions.createLaunch(patientId) };
}
for (const build of builds) {
  build.sandbox = options['ehr-thread']
    ? await startSandboxThread(build.sandboxModule, { port: 0, appPort: 0, appDir: build.appDir })
    : await startSandboxHere(build);
}
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: CHROMIUM_ARGS,
});

/**
 * Marks the moment the card is on screen, in the page: the first frame after `.assessment-card` enters
 * the DOM, as wall-clock milliseconds (performance.timeOrigin + now), so the figure carries no polling
 * delay of the test driver.
 */
/**
 * A served script's size, gzipped as bench:bundle measures it: from the built file itself (a page's
 * response bodies are gone once it navigates on, as the launch page does).
 */
function gzippedSize(appDir, url) {
  const file = resolve(appDir, `.${new URL(url).pathname}`);
  if (!file.startsWith(appDir) || !existsSync(file)) throw new Error(`Not a file of the built app: ${url}`);
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

/* global window, document, requestAnimationFrame, MutationObserver -- run in the page */
function markCardVisible() {
  const mark = () => {
    if (window.__cardSeen || !document.querySelector('.assessment-card')) return;
    window.__cardSeen = true;
    requestAnimationFrame(() => {
      window.__cardAt = performance.timeOrigin + performance.now();
    });
  };
  new MutationObserver(mark).observe(document, { childList: true, subtree: true });
}

/**
 * The app page's phases up to the card, in the page: wall-clock start of its navigation (the authorize
 * request, whose redirect lands here), then milliseconds from it. Resource Timing gives start and end of
 * cross-origin requests too (the FHIR server and the token endpoint are the EHR's origin).
 */
function appPagePhases(fhirBase) {
  const navigation = performance.getEntriesByType('navigation')[0];
  const resources = performance.getEntriesByType('resource');
  const token = resources.find((entry) => entry.name.endsWith('/auth/token'));
  const reads = resources.filter(
    (entry) => entry.name.startsWith(fhirBase) && entry.startTime <= window.__cardAt - performance.timeOrigin,
  );
  return {
    origin: performance.timeOrigin,
    documentEnd: navigation ? navigation.responseEnd : Number.NaN,
    tokenStart: token ? token.startTime : Number.NaN,
    tokenEnd: token ? token.responseEnd : Number.NaN,
    readsStart: Math.min(...reads.map((entry) => entry.startTime)),
    readsEnd: Math.max(...reads.map((entry) => entry.responseEnd)),
    card: window.__cardAt - performance.timeOrigin,
  };
}

/** Milliseconds per phase of one launch, from the launch URL being opened (`started`, wall clock). */
function phasesOf(started, page) {
  return {
    'launch page to authorize redirect': page.origin - started,
    'app page HTML (redirect and document)': page.documentEnd,
    'app scripts until the token request': page.tokenStart - page.documentEnd,
    'token exchange': page.tokenEnd - page.tokenStart,
    'token to first FHIR read': page.readsStart - page.tokenEnd,
    'FHIR reads (first start to last end)': page.readsEnd - page.readsStart,
    'map, assess and render to the card': page.card - page.readsEnd,
  };
}

async function newContext() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(markCardVisible);
  return context;
}

/** Per build with --warm: the one context its launches share. */
const warmContexts = new Map();

/** One launch: milliseconds to the card, and the scripts loaded before it (url → gzipped bytes). */
async function launchOnce(build, patientId) {
  const { sandbox, appDir } = build;
  if (options.warm && !warmContexts.has(build)) warmContexts.set(build, await newContext());
  const context = options.warm ? warmContexts.get(build) : await newContext();
  const page = await context.newPage();
  const responses = [];
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script')
      responses.push({ url: response.url(), at: Date.now() });
  });
  const launch = await sandbox.createLaunch(patientId);
  const url = new URL(`${sandbox.appUrl}/launch/launch.html`);
  url.searchParams.set('iss', sandbox.fhirBase);
  url.searchParams.set('launch', launch);
  const started = Date.now();
  await page.goto(url.href, { waitUntil: 'commit' });
  await page.waitForFunction(() => typeof window.__cardAt === 'number', undefined, { timeout: 30_000 });
  const cardAt = await page.evaluate(() => window.__cardAt);
  const phases = phasesOf(started, await page.evaluate(appPagePhases, sandbox.fhirBase));
  const scripts = new Map();
  for (const { url: script, at } of responses) {
    if (at <= cardAt && !scripts.has(script)) scripts.set(script, gzippedSize(appDir, script));
  }
  await (options.warm ? page.close() : context.close());
  return { elapsed: cardAt - started, scripts, phases };
}

/** Median, min, max and each launch; the phases; the JavaScript before the card. */
function report(build, runs) {
  const times = runs.map((run) => run.elapsed);
  const { scripts } = runs.at(-1);
  const totalKb = [...scripts.values()].reduce((sum, bytes) => sum + bytes, 0) / 1024;
  console.log(
    `Launch to card visible (${options.patient}), ${build.label}, ${runs.length} ${options.warm ? 'warm launches (one browser context kept, a new tab each)' : 'cold launches'} after one warm-up, demo EHR on ${options['ehr-thread'] ? 'a thread of its own' : "the driver's thread"}:`,
  );
  console.log(
    `  median ${median(times).toFixed(0)} ms; min ${Math.min(...times).toFixed(0)} ms; max ${Math.max(...times).toFixed(0)} ms`,
  );
  console.log(`  each: ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
  console.log('Where the time goes (median of each phase; the phases add up to about the median):');
  for (const phase of Object.keys(runs[0].phases)) {
    console.log(
      `  ${median(runs.map((run) => run.phases[phase]))
        .toFixed(0)
        .padStart(5)} ms  ${phase}`,
    );
  }
  console.log(
    `JavaScript loaded before the card was visible: ${totalKb.toFixed(1)} KB gzipped in ${scripts.size} file(s)`,
  );
  for (const [url, bytes] of [...scripts].sort((a, b) => b[1] - a[1])) {
    console.log(`  ${(bytes / 1024).toFixed(1).padStart(7)} KB  ${new URL(url).pathname}`);
  }
  return { median: median(times), totalKb };
}

try {
  // Warm-up: Chromium and each sandbox's first requests.
  for (const build of builds) await launchOnce(build, options.patient);
  const runs = builds.map(() => []);
  for (let i = 0; i < launches; i += 1) {
    // Turns alternate (A B, B A, …) so that neither build always launches first.
    const order = i % 2 === 0 ? builds.keys() : [...builds.keys()].reverse();
    for (const index of order) runs[index].push(await launchOnce(builds[index], options.patient));
  }
  const [own] = builds.map((build, index) => report(build, runs[index]));
  if (builds.length > 1) {
    const faster = runs[0].filter((run, i) => run.elapsed < runs[1][i].elapsed).length;
    console.log(`This build was faster in ${faster} of ${launches} launch pairs.`);
  }
  console.log(`Machine load average (1, 5, 15 min) after the run: ${loadAverageText()}`);
  const withinTime = own.median <= TARGET_MS;
  const withinSize = own.totalKb <= TARGET_KB;
  if (options.warm) console.log('The time target is for cold launches; this run kept the browser warm.');
  console.log(
    `Targets (this build): median ≤ ${TARGET_MS} ms ${withinTime ? 'met' : 'MISSED'}; JavaScript ≤ ${TARGET_KB} KB ${withinSize ? 'met' : 'MISSED'}`,
  );
  process.exitCode = withinTime && withinSize ? 0 : 1;
} finally {
  await browser.close();
  for (const build of builds) await build.sandbox.close();
}
