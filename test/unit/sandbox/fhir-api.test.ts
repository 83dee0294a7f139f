import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/server.js';
import { fhirGet, launchAndToken } from './smart-client.js';

let sandbox: RunningSandbox;
let fhirBase: string;
let token: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, appUrl: 'http://127.0.0.1:9/app', today: '2026-06-15' });
  fhirBase = sandbox.fhirBase;
  token = (await launchAndToken(sandbox.origin, fhirBase, 'aih-ada')).access_token;
});
afterAll(() => sandbox.close());

function post(path: string, body: unknown, bearer = token): Promise<Response> {
  return fetch(`${fhirBase}/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/fhir+json' },
    body: JSON.stringify(body),
  });
}

const draftOrder = {
  resourceType: 'MedicationRequest',
  status: 'draft',
  intent: 'proposal',
  medicationCodeableConcept: {
    coding: [
      {
        system: 'http://www.nlm.nih.gov/research/umls/rxnorm',
        code: '68149',
        display: 'mycophenolate mofetil',
      },
    ],
  },
  subject: { reference: 'Patient/aih-ada' },
  dosageInstruction: [{ text: '750 mg twice daily' }],
};

describe('metadata', () => {
  it('is a truthful CapabilityStatement without authentication', async () => {
    const res = await fetch(`${fhirBase}/metadata`);
    const cs = await res.json();
    expect(res.headers.get('content-type')).toContain('application/fhir+json');
    expect(cs.resourceType).toBe('CapabilityStatement');
    expect(cs.fhirVersion).toBe('4.0.1');
    const byType = Object.fromEntries(
      cs.rest[0].resource.map((r: { type: string; interaction: { code: string }[] }) => [
        r.type,
        r.interaction.map((i) => i.code),
      ]),
    );
    expect(Object.keys(byType).sort()).toEqual([
      'AllergyIntolerance',
      'Condition',
      'DocumentReference',
      'Medication',
      'MedicationRequest',
      'MedicationStatement',
      'Observation',
      'Patient',
      'Procedure',
      'ServiceRequest',
    ]);
    expect(byType.Procedure).toEqual(['read', 'search-type']);
    expect(cs.rest[0].interaction).toEqual([{ code: 'transaction' }]);
    const conditional = cs.rest[0].resource
      .filter((r: { conditionalCreate?: boolean }) => r.conditionalCreate)
      .map((r: { type: string }) => r.type);
    expect(conditional.sort()).toEqual(['DocumentReference', 'MedicationRequest', 'ServiceRequest']);
    expect(byType.ServiceRequest).toContain('create');
    expect(byType.MedicationRequest).toContain('create');
    expect(byType.DocumentReference).toContain('create');
    expect(byType.Observation).not.toContain('create');
    expect(byType.Patient).toEqual(['read', 'search-type']);
  });
});

describe('search', () => {
  it('accepts a bare patient id and pages with next links', async () => {
    const first = await fhirGet(fhirBase, token, 'Observation?patient=aih-ada&category=laboratory&_count=5');
    expect(first.status).toBe(200);
    expect(first.body.type).toBe('searchset');
    expect(first.body.entry).toHaveLength(5);
    const total: number = first.body.total;
    expect(total).toBeGreaterThan(20);
    const ids = new Set<string>();
    let page = first.body;
    let pages = 0;
    while (page) {
      pages += 1;
      for (const e of page.entry ?? []) {
        expect(e.resource.subject.reference).toBe('Patient/aih-ada');
        expect(e.search.mode).toBe('match');
        ids.add(e.resource.id);
      }
      const next = page.link.find((l: { relation: string }) => l.relation === 'next')?.url;
      page = next ? (await fhirGet(fhirBase, token, next.slice(fhirBase.length + 1))).body : undefined;
    }
    expect(ids.size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 5));
  });

  it('searches by LOINC code with system', async () => {
    const res = await fhirGet(
      fhirBase,
      token,
      'Observation?patient=Patient/aih-ada&code=http://loinc.org|1742-6,http://loinc.org|1920-8',
    );
    expect(res.body.entry.length).toBe(17);
    const codes = new Set(res.body.entry.map((e: any) => e.resource.code.coding[0].code));
    expect([...codes].sort()).toEqual(['1742-6', '1920-8']);
  });

  it('requires code or category on Observation, as Epic does', async () => {
    const res = await fhirGet(fhirBase, token, 'Observation?patient=aih-ada');
    expect(res.status).toBe(400);
    expect(res.body.issue[0].details.text).toContain('code or category');
  });

  it('confines searches to the patient in context', async () => {
    const other = await fhirGet(fhirBase, token, 'Condition?patient=aih-bruno');
    expect(other.status).toBe(403);
    const implicit = await fhirGet(fhirBase, token, 'Condition');
    expect(implicit.status).toBe(200);
    expect(implicit.body.entry.every((e: any) => e.resource.subject.reference === 'Patient/aih-ada')).toBe(
      true,
    );
    const patients = await fhirGet(fhirBase, token, 'Patient');
    expect(patients.body.entry.map((e: any) => e.resource.id)).toEqual(['aih-ada']);
  });

  it('searches Procedure by patient, confined to the patient in context (rules v2: liver transplant)', async () => {
    const own = await fhirGet(fhirBase, token, 'Procedure?patient=aih-ada');
    expect(own.status).toBe(200);
    expect(own.body.resourceType).toBe('Bundle');
    expect((own.body.entry ?? []).every((e: any) => e.resource.subject.reference === 'Patient/aih-ada')).toBe(
      true,
    );
    expect((await fhirGet(fhirBase, token, 'Procedure?patient=aih-bruno')).status).toBe(403);
  });

  it('returns Epic-like medications as renewed MedicationRequests with status filters', async () => {
    const all = await fhirGet(
      fhirBase,
      token,
      'MedicationRequest?patient=aih-ada&status=active,on-hold,completed,stopped,cancelled',
    );
    const active = await fhirGet(fhirBase, token, 'MedicationRequest?patient=aih-ada&status=active');
    expect(active.body.entry).toHaveLength(2);
    const unfiltered = await fhirGet(fhirBase, token, 'MedicationRequest?patient=aih-ada');
    expect(unfiltered.body.total).toBe(active.body.total);
    expect(all.body.total).toBeGreaterThan(active.body.total);
    const none = await fhirGet(fhirBase, token, 'MedicationStatement?patient=aih-ada');
    expect(none.body.total).toBe(0);
  });
});

describe('read', () => {
  it('reads own resources and hides other patients', async () => {
    expect((await fhirGet(fhirBase, token, 'Patient/aih-ada')).body.name[0].family).toBe('Testpatient');
    expect((await fhirGet(fhirBase, token, 'Patient/aih-bruno')).status).toBe(404);
    expect((await fhirGet(fhirBase, token, 'Condition/aih-bruno-condition-1')).status).toBe(404);
  });

  it('answers 404 for unsupported types', async () => {
    const res = await fhirGet(fhirBase, token, 'Encounter?patient=aih-ada');
    expect(res.status).toBe(404);
    expect(res.body.issue[0].code).toBe('not-supported');
  });
});

describe('create', () => {
  it('creates a draft MedicationRequest with a Location header, readable afterwards', async () => {
    const res = await post('MedicationRequest', { ...draftOrder, id: 'client-chosen' });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created.id).not.toBe('client-chosen');
    expect(res.headers.get('location')).toBe(
      `${fhirBase}/MedicationRequest/${created.id}/_history/${created.meta.versionId}`,
    );
    const read = await fhirGet(fhirBase, token, `MedicationRequest/${created.id}`);
    expect(read.body.status).toBe('draft');
    expect(read.body.intent).toBe('proposal');
  });

  it('creates a DocumentReference note', async () => {
    const res = await post('DocumentReference', {
      resourceType: 'DocumentReference',
      status: 'current',
      subject: { reference: 'Patient/aih-ada' },
      content: [{ attachment: { contentType: 'text/plain', data: Buffer.from('note').toString('base64') } }],
    });
    expect(res.status).toBe(201);
  });

  it('rejects invalid resources with a specific message', async () => {
    const missing = await post('MedicationRequest', { resourceType: 'MedicationRequest', status: 'draft' });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(await missing.json())).toContain('MedicationRequest.intent');
    const badCode = await post('MedicationRequest', { ...draftOrder, status: 'maybe' });
    expect(badCode.status).toBe(400);
    const extra = await post('MedicationRequest', { ...draftOrder, colour: 'blue' });
    expect(extra.status).toBe(400);
    const wrongType = await post('MedicationRequest', { ...draftOrder, resourceType: 'Observation' });
    expect(wrongType.status).toBe(400);
    const notJson = await fetch(`${fhirBase}/MedicationRequest`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json' },
      body: '{not json',
    });
    expect(notJson.status).toBe(400);
  });

  it('refuses resources for another patient and types without create', async () => {
    const other = await post('MedicationRequest', {
      ...draftOrder,
      subject: { reference: 'Patient/aih-bruno' },
    });
    expect(other.status).toBe(400);
    expect(JSON.stringify(await other.json())).toContain('patient in context');
    const obs = await post('Observation', {
      resourceType: 'Observation',
      status: 'final',
      code: { text: 'x' },
    });
    expect(obs.status).toBe(405);
  });

  it('needs a write scope', async () => {
    const readOnly = (await launchAndToken(sandbox.origin, fhirBase, 'aih-ada', 'launch patient/*.read'))
      .access_token;
    const res = await post('MedicationRequest', draftOrder, readOnly);
    expect(res.status).toBe(403);
  });
});

const DECISION = 'urn:aih-navigator:decision';

function withIdentifier<T extends object>(resource: T, value: string): T {
  return { ...resource, identifier: [{ system: DECISION, value }] };
}

const draftTest = {
  resourceType: 'ServiceRequest',
  status: 'draft',
  intent: 'proposal',
  category: [{ coding: [{ system: 'http://snomed.info/sct', code: '108252007' }] }],
  code: { text: 'Thiopurine metabolites (6-TGN and 6-MMP)' },
  subject: { reference: 'Patient/aih-ada' },
};

describe('writes for exactly-once decisions', () => {
  it('conditional create: 201 the first time, 200 with the same resource after', async () => {
    const body = withIdentifier(draftOrder, 'cond-1:mycophenolate');
    const headers = { 'If-None-Exist': `identifier=${DECISION}|cond-1:mycophenolate` };
    const send = () =>
      fetch(`${fhirBase}/MedicationRequest`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/fhir+json', ...headers },
        body: JSON.stringify(body),
      });
    const first = await send();
    expect(first.status).toBe(201);
    const second = await send();
    expect(second.status).toBe(200);
    expect((await second.json()).id).toBe((await first.json()).id);
  });

  it('finds a draft by identifier (any status) and creates a ServiceRequest', async () => {
    const created = await post('ServiceRequest', withIdentifier(draftTest, 'sr-1:metabolites'));
    expect(created.status).toBe(201);
    const found = await fhirGet(
      fhirBase,
      token,
      `ServiceRequest?patient=aih-ada&identifier=${encodeURIComponent(`${DECISION}|sr-1:metabolites`)}`,
    );
    expect(found.body.entry).toHaveLength(1);
    await post('MedicationRequest', withIdentifier(draftOrder, 'mr-find:x'));
    const draft = await fhirGet(
      fhirBase,
      token,
      `MedicationRequest?patient=aih-ada&identifier=${encodeURIComponent(`${DECISION}|mr-find:x`)}`,
    );
    expect(draft.body.entry.map((e: { resource: { status: string } }) => e.resource.status)).toEqual([
      'draft',
    ]);
    const none = await fhirGet(
      fhirBase,
      token,
      `ServiceRequest?patient=aih-ada&identifier=${encodeURIComponent(`${DECISION}|sr-1:other`)}`,
    );
    expect(none.body.entry).toEqual([]);
  });

  it('a transaction stores all entries, answers each, and a repeat with ifNoneExist creates nothing', async () => {
    const entry = (resource: Record<string, unknown>, value: string) => ({
      resource: withIdentifier(resource, value),
      request: { method: 'POST', url: resource.resourceType, ifNoneExist: `identifier=${DECISION}|${value}` },
    });
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [entry(draftOrder, 'tx-1:allopurinol'), entry(draftOrder, 'tx-1:azathioprine')],
    };
    const first = await post('', bundle);
    expect(first.status).toBe(200);
    const answer = await first.json();
    expect(answer.type).toBe('transaction-response');
    expect(answer.entry.map((e: { response: { status: string } }) => e.response.status)).toEqual([
      '201 Created',
      '201 Created',
    ]);
    expect(answer.entry[0].response.location).toMatch(/MedicationRequest\/[^/]+\/_history\/[^/]+$/);
    const again = await (await post('', bundle)).json();
    expect(again.entry.map((e: { response: { status: string } }) => e.response.status)).toEqual([
      '200 OK',
      '200 OK',
    ]);
  });

  it('a transaction with one bad entry stores nothing', async () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          resource: withIdentifier(draftOrder, 'tx-bad:a'),
          request: { method: 'POST', url: 'MedicationRequest' },
        },
        {
          resource: { ...draftOrder, status: 'maybe' },
          request: { method: 'POST', url: 'MedicationRequest' },
        },
      ],
    };
    const res = await post('', bundle);
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('Entry 2');
    const found = await fhirGet(
      fhirBase,
      token,
      `MedicationRequest?patient=aih-ada&identifier=${encodeURIComponent(`${DECISION}|tx-bad:a`)}`,
    );
    expect(found.body.entry).toEqual([]);
  });
});

describe('CORS', () => {
  it('answers preflight for the FHIR API and the token endpoint', async () => {
    for (const url of [`${fhirBase}/Observation`, `${sandbox.origin}/auth/token`]) {
      const res = await fetch(url, { method: 'OPTIONS' });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
    }
  });

  it('gives admin endpoints no CORS headers', async () => {
    const res = await fetch(`${sandbox.origin}/admin/faults`);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
