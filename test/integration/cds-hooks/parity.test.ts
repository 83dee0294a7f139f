/**
 * One patient, one answer, whichever way the data arrives. Every sandbox chart and every fixture
 * patient is served by the sandbox FHIR server and assessed four ways:
 *   (a) the app: fhirclient → loader → mapper → core (`runAssessment`);
 *   (b) `patient-view` with prefetch only (no FHIR server in the call): the prefetch is what the demo
 *       EHR, as a CDS client, gets by running the service's own templates, empty searches as `null`;
 *   (c) `patient-view` with nothing prefetched, reading the FHIR server with the call's token;
 *   (d) `aih-navigator classify` over the same charts written as a Bulk Data export (NDJSON).
 * (a) and (d) must give the same state, qualifiers and recommendations (ids and statuses); the cards
 * of (b) and (c) must equal theirs (the card is built from exactly those, rule id included), so a
 * template that misses what the loader reads shows up here as a different card.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Capture } from '../../unit/cli/capture.js';
import smart from 'fhirclient';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAssessment } from '../../../src/app/pipeline.js';
import type { AppSession } from '../../../src/app/session.js';
import { createCdsServer, type CdsServer } from '../../../src/cds-hooks/server.js';
import { runCli } from '../../../src/cli/main.js';
import { prefetchFor } from '../../../src/sandbox/cds/prefetch.js';
import type { Assessment, CdsCard } from '../../../src/core/types.js';
import { syntheticPatients, type SyntheticPatient } from '../../../src/sandbox/patients/index.js';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/server.js';
import {
  fixturePatientResources,
  readFixtureBundle,
  readFixtureIndex,
} from '../../unit/fhir/fixture-index.js';
import { postJson } from './helpers.js';
import { hookRequest } from './patients.js';

/** The sandbox charts are generated relative to this day and assessed on it. */
const SANDBOX_TODAY = '2026-06-15';
const APP_LAUNCH = 'https://app.example.org/launch/launch.html';

interface Case {
  patient: SyntheticPatient;
  asOf: string;
}

/** A fixture patient as a chart the sandbox can serve (Medications a file shares are kept once). */
function fixtureCharts(): Case[] {
  const seen = new Set<string>();
  return readFixtureIndex().map((entry) => {
    const resources = fixturePatientResources(readFixtureBundle(entry.file), entry.patientId).filter(
      (resource) => {
        const key = `${String(resource.resourceType)}/${String(resource.id)}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      },
    );
    const patient: SyntheticPatient = {
      id: entry.patientId,
      name: `${entry.patientId} Fictional`,
      description: entry.description,
      shape: entry.style,
      expected: { response: entry.expected.response },
      resources: resources as SyntheticPatient['resources'],
    };
    return { patient, asOf: entry.asOf };
  });
}

const chartCases: Case[] = syntheticPatients(SANDBOX_TODAY).map((patient) => ({
  patient,
  asOf: SANDBOX_TODAY,
}));
const fixtureCases = fixtureCharts();
const allCases = [...chartCases, ...fixtureCases];

/** What must agree: the state, its qualifiers, every recommendation with its status, in order. */
interface Answer {
  response: string;
  qualifiers: string[];
  recommendations: string[];
}

function answerOf(assessment: Assessment): Answer {
  return {
    response: assessment.response,
    qualifiers: [...assessment.qualifiers].sort(),
    recommendations: assessment.recommendations.map((r) => `${r.id}:${r.status}`),
  };
}

/** The card without its SMART link (only the CDS Hooks service knows the app's launch URL). */
function comparable(card: CdsCard | undefined): unknown {
  if (card === undefined) return undefined;
  const rest: Record<string, unknown> = { ...card };
  delete rest.links;
  return rest;
}

/** The charts as a Bulk Data export: one NDJSON file per resource type. */
function writeExport(folder: string, cases: readonly Case[]): void {
  const byType = new Map<string, string[]>();
  for (const { patient } of cases) {
    for (const resource of patient.resources) {
      const lines = byType.get(resource.resourceType) ?? [];
      lines.push(JSON.stringify(resource));
      byType.set(resource.resourceType, lines);
    }
  }
  for (const [type, lines] of byType) writeFileSync(join(folder, `${type}.ndjson`), `${lines.join('\n')}\n`);
}

async function classifyExport(folder: string, asOf: string): Promise<Map<string, Assessment>> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli(['classify', '--as-of', asOf, folder], {
    stdout,
    stderr,
    now: () => new Date(`${asOf}T12:00:00Z`),
  });
  expect({ code, stderr: stderr.text }).toEqual({ code: 0, stderr: '' });
  const byPatient = new Map<string, Assessment>();
  for (const line of stdout.text.split('\n').filter((l) => l.length > 0)) {
    const assessment = JSON.parse(line) as Assessment;
    byPatient.set(assessment.patientId, assessment);
  }
  return byPatient;
}

let sandbox: RunningSandbox;
let service: CdsServer;
let serviceUrl = '';
let dataDir: string;
let exportRoot: string;
let today = SANDBOX_TODAY;
const classified = new Map<string, Assessment>();

beforeAll(async () => {
  sandbox = await startSandbox({
    port: 0,
    appUrl: 'http://127.0.0.1:9/app',
    today: SANDBOX_TODAY,
    patients: allCases.map((c) => c.patient),
  });
  dataDir = await mkdtemp(join(tmpdir(), 'aih-parity-cds-'));
  service = createCdsServer({
    port: 0,
    trustedIssuers: {
      [sandbox.origin]: { jwksUrl: `${sandbox.origin}/auth/jwks`, fhirServers: [sandbox.fhirBase] },
    },
    allowLoopbackHttp: true,
    dataDir,
    appLaunchUrl: APP_LAUNCH,
    today: () => today,
  });
  serviceUrl = `${(await service.listen()).url}/cds-services/aih-navigator`;
  exportRoot = mkdtempSync(join(tmpdir(), 'aih-parity-export-'));
  for (const asOf of new Set(allCases.map((c) => c.asOf))) {
    const folder = join(exportRoot, asOf);
    await mkdir(folder);
    writeExport(
      folder,
      allCases.filter((c) => c.asOf === asOf),
    );
    for (const [id, assessment] of await classifyExport(folder, asOf)) classified.set(id, assessment);
  }
}, 120_000);

afterAll(async () => {
  await service?.close();
  await sandbox?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  if (exportRoot) rmSync(exportRoot, { recursive: true, force: true });
});

function tokenFor(patientId: string): string {
  return sandbox.context.sessions.issueAccess(
    { clientId: 'parity-test', scope: ['patient/*.read'], patientId },
    300,
  );
}

/** (a) The app's path: fhirclient against the FHIR server, the loader's plan for this EHR. */
async function appAssessment({ patient, asOf }: Case): Promise<Assessment> {
  const storage = { get: async () => undefined, set: async () => undefined, unset: async () => true };
  const api = smart({ url: '/', headers: { host: 'app.test' } } as any, {} as any, storage as any);
  const client = api.client({
    serverUrl: sandbox.fhirBase,
    tokenResponse: { access_token: tokenFor(patient.id) },
  });
  const session: AppSession = {
    patientId: patient.id,
    fhir: {
      request: (url, init) => client.request(init?.signal ? { url, signal: init.signal } : url),
      post: () => Promise.reject(new Error('read-only test session')),
    },
    grantedScopes: 'patient/*.read',
    needPatientBanner: false,
    ehr: patient.shape,
  };
  return (await runAssessment(session, asOf)).assessment;
}

/** The prefetch the demo EHR sends: the service's templates run against it, `null` for nothing found. */
async function prefetchOf(patientId: string): Promise<Record<string, unknown>> {
  const prefetch = await prefetchFor({
    serviceBase: serviceUrl.replace(/\/cds-services\/aih-navigator$/, ''),
    serviceId: 'aih-navigator',
    fhirBase: sandbox.fhirBase,
    accessToken: tokenFor(patientId),
    patientId,
  });
  expect(prefetch, 'the service listed its prefetch templates').toBeDefined();
  return prefetch ?? {};
}

async function cards(patientId: string, extra: Parameters<typeof hookRequest>[1]): Promise<CdsCard[]> {
  const jwt = await sandbox.context.signer.signCdsClientJwt({ issuer: sandbox.origin, audience: serviceUrl });
  const answer = await postJson(serviceUrl, hookRequest(patientId, extra), jwt);
  expect(answer.status).toBe(200);
  return (answer.body as { cards: CdsCard[] }).cards;
}

describe('the same answer from the app, the CDS Hooks card (prefetch or FHIR server) and the CLI', () => {
  it('covers every sandbox chart and every fixture patient', () => {
    expect(chartCases.length).toBeGreaterThanOrEqual(21);
    expect(fixtureCases.length).toBe(readFixtureIndex().length);
  });

  describe.each(allCases.map((c) => [c.patient.id, c] as const))('%s', (_id, testCase) => {
    it('four ways, one answer', async () => {
      const { patient, asOf } = testCase;
      today = asOf;
      const app = await appAssessment(testCase);
      const cli = classified.get(patient.id);
      expect(cli, 'the CLI assessed this patient').toBeDefined();
      expect(answerOf(cli as Assessment)).toEqual(answerOf(app));
      expect(comparable(cli?.card)).toEqual(comparable(app.card));

      const expectedCards = app.response === 'not-applicable' ? [] : [comparable(app.card)];
      const fromPrefetch = await cards(patient.id, { prefetch: await prefetchOf(patient.id) });
      expect(fromPrefetch.map(comparable)).toEqual(expectedCards);
      const fromServer = await cards(patient.id, {
        fhirServer: sandbox.fhirBase,
        accessToken: tokenFor(patient.id),
      });
      expect(fromServer.map(comparable)).toEqual(expectedCards);
      if (expectedCards.length > 0) expect(fromServer[0]?.detail).toContain(`rule \`${app.response}\``);
    });
  });
});
