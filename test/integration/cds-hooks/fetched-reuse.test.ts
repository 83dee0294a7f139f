import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDependencies, type ServiceDependencies } from '../../../src/cds-hooks/dependencies.js';
import { FetchedBodyCache } from '../../../src/cds-hooks/fetched-body-cache.js';
import { FetchedRecordCache } from '../../../src/cds-hooks/fetched-record-cache.js';
import { createHttpRequester } from '../../../src/cds-hooks/fhir-http-requester.js';
import type { PatientViewSettings } from '../../../src/cds-hooks/patient-view.js';
import { answerPatientViewBody, serialise, type HookName } from '../../../src/cds-hooks/patient-view-task.js';
import { listenOnLoopback, searchset } from './helpers.js';
import { AS_OF, hookRequest, insufficientResponder } from './patients.js';

const PATIENT = 'p-insufficient';
const ISSUER = 'https://ehr.example.org';
type Resource = Record<string, unknown>;

/** The chart with the latest ALT set to `alt`. */
function chart(alt = 100): Resource[] {
  return insufficientResponder(PATIENT).map((r) =>
    r.id === 'alt-3' ? { ...r, valueQuantity: { ...(r.valueQuantity as Resource), value: alt } } : r,
  );
}

/**
 * A FHIR server on loopback answering from `state.chart`; Observations come in two pages, the second
 * behind a `next` link. Types in `state.failing` answer 500.
 */
async function startChartServer() {
  const state = { chart: chart(), failing: new Set<string>(), paths: [] as string[] };
  const loopback = await listenOnLoopback((request, response) => {
    const url = new URL(request.url ?? '/', 'http://fhir.invalid');
    state.paths.push(url.pathname);
    const send = (status: number, body: unknown): void => {
      response.writeHead(status, { 'Content-Type': 'application/fhir+json' });
      response.end(JSON.stringify(body));
    };
    const [, , type = '', id] = url.pathname.split('/');
    if (state.failing.has(type))
      return send(500, {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'exception' }],
      });
    if (type === 'Patient' && id === PATIENT) return send(200, state.chart[0]);
    const labs = state.chart.filter((r) => r.resourceType === 'Observation');
    if (type === 'Observation') return send(200, searchset(labs.slice(0, 4), `${base}/ObservationPage2`));
    if (type === 'ObservationPage2') return send(200, searchset(labs.slice(4)));
    return send(200, searchset(state.chart.filter((r) => r.resourceType === type)));
  });
  const base = `${loopback.url}/fhir`;
  return { ...loopback, base, state };
}

function orderSign(fhirServer: string, hook: HookName): Uint8Array {
  const request = hookRequest(PATIENT, { fhirServer, accessToken: 'token' });
  if (hook !== 'patient-view') {
    request.hook = hook;
    const allopurinol = {
      resourceType: 'MedicationRequest',
      id: 'd-allo',
      status: 'draft',
      intent: 'order',
      subject: { reference: `Patient/${PATIENT}` },
      medicationCodeableConcept: {
        coding: [
          { system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '519', display: 'allopurinol' },
        ],
      },
    };
    request.context = {
      ...(request.context as Resource),
      draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: allopurinol }] },
    };
  }
  return new TextEncoder().encode(JSON.stringify(request));
}

/** The service's pieces with their own caches, counting the charts it maps and assesses. */
function reusing(records = new FetchedRecordCache()) {
  const bodies = new FetchedBodyCache();
  const mapped: unknown[][] = [];
  const assessed: unknown[] = [];
  const dependencies: ServiceDependencies = {
    ...defaultDependencies,
    createRequester: (server, token, ledger) =>
      createHttpRequester(server, token, { bodies, ...(ledger ? { ledger } : {}) }),
    fetchedRecords: records,
    mapPatientResources: (resources, options) => {
      mapped.push([...resources]);
      return defaultDependencies.mapPatientResources(resources, options);
    },
    assess: (record, options) => {
      assessed.push(record);
      return defaultDependencies.assess(record, options);
    },
  };
  return { dependencies, bodies, records, mapped, assessed };
}

/** The service as it was before any reuse: every call reads, parses and maps. */
const uncached: ServiceDependencies = {
  loadPatientResources: defaultDependencies.loadPatientResources,
  createRequester: (server, token) => createHttpRequester(server, token),
  mapPatientResources: defaultDependencies.mapPatientResources,
  assess: defaultDependencies.assess,
};

async function answer(
  dependencies: ServiceDependencies,
  fhirServer: string,
  hook: HookName,
  asOf = AS_OF,
): Promise<string> {
  const settings: PatientViewSettings = {
    dependencies,
    today: () => asOf,
    appLaunchUrl: 'https://app.example.org/launch',
    allowPlainHttpFhir: true,
  };
  const caller = { issuer: ISSUER, fhirServers: [fhirServer] };
  const { status, json } = serialise(
    await answerPatientViewBody(orderSign(fhirServer, hook), settings, caller, hook),
  );
  return `${status} ${json}`;
}

describe('CDS Hooks reads from the FHIR server reused by their exact bytes', () => {
  let ehr: Awaited<ReturnType<typeof startChartServer>>;
  let other: Awaited<ReturnType<typeof startChartServer>>;
  beforeAll(async () => {
    ehr = await startChartServer();
    other = await startChartServer();
  });
  afterAll(async () => {
    await ehr.close();
    await other.close();
  });

  it('answers repeated calls as the service without reuse does, mapping the chart once and following every page', async () => {
    ehr.state.chart = chart();
    const { dependencies, mapped } = reusing();
    const expected = await answer(uncached, ehr.base, 'order-sign');
    expect(expected).toContain('"cards":[{');
    ehr.state.paths.length = 0;
    for (let call = 0; call < 3; call += 1)
      expect(await answer(dependencies, ehr.base, 'order-sign')).toBe(expected);
    expect(mapped).toHaveLength(1);
    // Both Observation searches are paged, on every call.
    expect(ehr.state.paths.filter((path) => path.endsWith('/ObservationPage2'))).toHaveLength(6);
    // The hooks of one chart share it too, each answering as it would uncached.
    expect(await answer(dependencies, ehr.base, 'order-select')).toBe(
      await answer(uncached, ehr.base, 'order-select'),
    );
    expect(mapped).toHaveLength(1);
  });

  it('assesses a chart read again once per day, with the same card as without reuse', async () => {
    ehr.state.chart = chart();
    const { dependencies, records, assessed } = reusing();
    const expected = await answer(uncached, ehr.base, 'patient-view');
    expect(expected).toContain('"cards":[{');
    for (let call = 0; call < 3; call += 1)
      expect(await answer(dependencies, ehr.base, 'patient-view')).toBe(expected);
    expect(assessed).toHaveLength(1);
    expect(await answer(dependencies, ehr.base, 'patient-view', '2026-12-31')).toBe(
      await answer(uncached, ehr.base, 'patient-view', '2026-12-31'),
    );
    expect(assessed).toHaveLength(2);
    // Another assessor sharing the records is never handed the first one's assessment.
    const other = reusing(records);
    expect(await answer(other.dependencies, ehr.base, 'patient-view')).toBe(expected);
    expect(other.assessed).toHaveLength(1);
    // A changed chart is another record, assessed for itself.
    ehr.state.chart = chart(900);
    expect(await answer(dependencies, ehr.base, 'patient-view')).toBe(
      await answer(uncached, ehr.base, 'patient-view'),
    );
    expect(assessed).toHaveLength(3);
  });

  it('maps again when one answer differs by one byte, on a later page too', async () => {
    ehr.state.chart = chart(100);
    const { dependencies, mapped } = reusing();
    await answer(dependencies, ehr.base, 'patient-view');
    ehr.state.chart = chart(900); // alt-3 is on the second page
    const changed = await answer(dependencies, ehr.base, 'patient-view');
    expect(mapped).toHaveLength(2);
    expect(changed).toBe(await answer(uncached, ehr.base, 'patient-view'));
    const alt = (resources: unknown[]): unknown =>
      (resources.find((r) => (r as Resource).id === 'alt-3') as { valueQuantity: { value: number } })
        .valueQuantity.value;
    expect(mapped.map(alt)).toEqual([100, 900]);
    ehr.state.chart = chart(100);
    expect(await answer(dependencies, ehr.base, 'patient-view')).toBe(
      await answer(uncached, ehr.base, 'patient-view'),
    );
    expect(mapped).toHaveLength(2); // the first chart again: its record is still kept
  });

  it('never reuses a record when a read failed', async () => {
    ehr.state.chart = chart();
    ehr.state.failing = new Set(['Procedure']);
    try {
      const { dependencies, mapped, records } = reusing();
      const expected = await answer(uncached, ehr.base, 'order-sign');
      expect(await answer(dependencies, ehr.base, 'order-sign')).toBe(expected);
      expect(await answer(dependencies, ehr.base, 'order-sign')).toBe(expected);
      expect(mapped).toHaveLength(2);
      expect(records.size).toBe(0);
    } finally {
      ehr.state.failing = new Set();
    }
  });

  it('shares nothing between FHIR servers answering the same bytes', async () => {
    ehr.state.chart = chart();
    other.state.chart = chart();
    const { dependencies, mapped, bodies, records } = reusing();
    const fromEhr = await answer(dependencies, ehr.base, 'order-sign');
    const held = bodies.size;
    const fromOther = await answer(dependencies, other.base, 'order-sign');
    expect(fromOther).toBe(fromEhr);
    expect(mapped).toHaveLength(2);
    expect(bodies.size).toBe(2 * held);
    expect(records.size).toBe(2);
  });
});
