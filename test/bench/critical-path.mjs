#!/usr/bin/env node
/**
 * Critical path of one patient load against a slow EHR: every response takes 150 ms, as a remote
 * Epic or Oracle tenant may. Searches run in parallel, so the load should take about
 * (1 + largest page count [+ 1 for Medication reads]) round trips, not the sum of all requests.
 * Uses the compiled loader (npm run build:node) and, when present, the compiled mapper and core.
 *
 *   npm run bench:critical-path
 */
import console from 'node:console';
import { existsSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';
import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';

const ROUND_TRIP_MS = 150;
const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = (path) => new URL(`../../dist/${path}`, import.meta.url);
const fixture = (path) =>
  JSON.parse(readFileSync(new URL(`../fixtures/ehr/${path}`, import.meta.url), 'utf8'));

if (!existsSync(dist('fhir/load/index.js'))) {
  console.error(`No compiled loader in ${root}dist: run "npm run build:node" first.`);
  process.exit(1);
}
const { loadPatientResources, createFetchRequester } = await import(dist('fhir/load/index.js').href);
const optional = async (path) => (existsSync(dist(path)) ? import(dist(path).href) : undefined);
const mapper = await optional('fhir/map.js');
const core = await optional('core/assess.js');

/**
 * The app's own card component, rendered to HTML: the last step from ready() to the card on screen
 * (the browser's layout and paint are not counted). Vite compiles the TSX as the app build does.
 */
async function loadCardRenderer() {
  const { createServer } = await import('vite');
  const vite = await createServer({
    root,
    logLevel: 'error',
    server: { middlewareMode: true },
    appType: 'custom',
  });
  const { AssessmentCard } = await vite.ssrLoadModule('/src/app/card/AssessmentCard.tsx');
  const { createElement } = await import('react');
  const { renderToString } = await import('react-dom/server');
  return {
    render: (assessment, gaps) => renderToString(createElement(AssessmentCard, { assessment, gaps })),
    close: () => vite.close(),
  };
}
const cardRenderer = await loadCardRenderer();

const BASE = 'http://bench.ehr.invalid/fhir';
const PATIENT = 'bench-patient';

function copyOf(template, id, extra = {}) {
  return { ...JSON.parse(JSON.stringify(template).replaceAll('PATIENT-ID', PATIENT)), id, ...extra };
}

function searchset(resources, next) {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(next ? { link: [{ relation: 'next', url: next }] } : {}),
    entry: resources.map((resource) => ({ resource, search: { mode: 'match' } })),
  };
}

/** Route → list of pages; page n > 1 is served from an absolute `next` link. */
function pagedRoutes(routes, pageSize) {
  const pages = new Map();
  for (const [route, resources] of Object.entries(routes)) {
    const count = Math.max(1, Math.ceil(resources.length / pageSize));
    for (let n = 1; n <= count; n += 1) {
      const next = n < count ? `${BASE}/_page?search=${encodeURIComponent(route)}&n=${n + 1}` : undefined;
      pages.set(
        n === 1 ? route : `${route}#${n}`,
        searchset(resources.slice((n - 1) * pageSize, n * pageSize), next),
      );
    }
  }
  return pages;
}

function routeOf(url) {
  const path = url.pathname.slice(new URL(BASE).pathname.length + 1);
  if (path === '_page') return `${url.searchParams.get('search')}#${url.searchParams.get('n')}`;
  if (path.includes('/')) return path;
  if (path === 'Observation')
    return url.searchParams.has('code') ? 'Observation:code' : 'Observation:category';
  return path;
}

const aihCondition = {
  resourceType: 'Condition',
  id: 'cond-aih',
  clinicalStatus: {
    coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
  },
  verificationStatus: {
    coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }],
  },
  code: {
    coding: [{ system: 'http://snomed.info/sct', code: '408335007', display: 'Autoimmune hepatitis' }],
  },
  subject: { reference: `Patient/${PATIENT}` },
  onsetDateTime: '2019-11-01',
};

function scenario(name) {
  const ast = fixture('oracle/observation-ast.json');
  const labs = Array.from({ length: 450 }, (_, n) =>
    copyOf(ast, `lab-${n}`, { effectiveDateTime: new Date(Date.UTC(2020, 0, 1 + n * 3)).toISOString() }),
  );
  const patient = copyOf(fixture('patient.json'), PATIENT);
  if (name === 'oracle') {
    const pages = pagedRoutes(
      {
        'Observation:category': labs,
        'Observation:code': labs.slice(0, 300),
        MedicationRequest: [copyOf(fixture('oracle/medication-request-mmf.json'), 'mr-1')],
        MedicationStatement: [copyOf(fixture('oracle/medication-statement-prednisolone.json'), 'ms-1')],
        Condition: [aihCondition],
        AllergyIntolerance: [],
      },
      200,
    );
    pages.set(`Patient/${PATIENT}`, patient);
    return { ehr: 'oracle', pages };
  }
  // Epic: bigger pages, medications by reference (one more round trip), no MedicationStatement.
  const pages = pagedRoutes(
    {
      'Observation:category': labs,
      'Observation:code': labs.slice(0, 300),
      MedicationRequest: [copyOf(fixture('epic/medication-request-azathioprine.json'), 'mr-1')],
      Condition: [aihCondition],
      AllergyIntolerance: [],
    },
    1000,
  );
  pages.set(`Patient/${PATIENT}`, patient);
  pages.set('Medication/eMED-AZA', fixture('epic/medication-azathioprine.json'));
  pages.set('MedicationStatement', {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: 'not-supported' }],
    status: 400,
  });
  return { ehr: 'epic', pages };
}

async function run(name, quiet = false) {
  const { ehr, pages } = scenario(name);
  let requests = 0;
  let inFlight = 0;
  let peak = 0;
  const server = setupServer(
    http.get(`${BASE}/*`, async ({ request }) => {
      requests += 1;
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await delay(ROUND_TRIP_MS);
      inFlight -= 1;
      const body = pages.get(routeOf(new URL(request.url)));
      if (!body)
        return HttpResponse.json(
          { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] },
          { status: 404 },
        );
      return HttpResponse.json(body, { status: body.status ?? 200 });
    }),
  );
  server.listen({ onUnhandledRequest: 'error' });
  try {
    const started = performance.now();
    const load = await loadPatientResources(createFetchRequester(BASE, 'bench-token'), PATIENT, { ehr });
    const loaded = performance.now();
    let assessedAt;
    let renderedAt;
    let response = 'not assessed (compiled mapper or core missing)';
    if (mapper?.mapPatientResources && core?.assess) {
      const record = mapper.mapPatientResources(load.resources, { patientId: PATIENT, gaps: load.gaps });
      const assessment = core.assess(record, { asOf: '2025-07-01' });
      response = assessment.response;
      assessedAt = performance.now();
      const html = cardRenderer.render(assessment, load.gaps);
      if (!html.includes(assessment.card.summary.slice(0, 20))) throw new Error('The card did not render');
      renderedAt = performance.now();
    }
    const maxPages = Math.max(...load.log.filter((e) => e.resourceType !== 'Medication').map((e) => e.pages));
    const followUp = load.log.some((e) => e.resourceType === 'Medication') ? 1 : 0;
    const loadMs = loaded - started;
    if (quiet) return undefined;
    if (process.env.BENCH_VERBOSE)
      for (const e of load.log)
        console.log(
          `  ${e.resourceType} ${e.url.slice(0, 40)} pages=${e.pages} ${e.durationMs.toFixed(0)} ms`,
        );
    console.log(
      `\n${name}: ${requests} requests, at most ${peak} at once, ${load.resources.length} resources, ${load.gaps.length} gaps`,
    );
    console.log(
      `  critical path: ${maxPages + followUp} sequential round trips expected (largest page count ${maxPages}${followUp ? ' + Medication reads' : ''}), measured ${(loadMs / ROUND_TRIP_MS).toFixed(1)} × ${ROUND_TRIP_MS} ms`,
    );
    console.log(
      `  load: ${loadMs.toFixed(0)} ms; start to assessment: ${assessedAt ? `${(assessedAt - started).toFixed(0)} ms (${response})` : response}` +
        (renderedAt ? `; start to rendered card: ${(renderedAt - started).toFixed(0)} ms` : ''),
    );
    return { name, requests, roundTrips: loadMs / ROUND_TRIP_MS, expected: maxPages + followUp };
  } finally {
    server.close();
  }
}

await run('oracle', true); // warm-up: module loading and JIT are not part of the critical path
const results = [];
for (const name of ['oracle', 'epic']) results.push(await run(name));
await cardRenderer.close();
// Run one after another, the searches would take about as many round trips as requests.
const slow = results.filter((r) => r.roundTrips >= (r.expected + r.requests) / 2);
if (slow.length > 0) {
  console.error(`\nSearches are not running in parallel: ${slow.map((r) => r.name).join(', ')}`);
  process.exit(1);
}
