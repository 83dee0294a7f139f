import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCdsServer, type CdsServer } from '../../../src/cds-hooks/server.js';
import { assess } from '../../../src/core/assess.js';
import { cdsCardSchema } from '../../../src/core/card-schema.js';
import { SEARCHED_LOINC } from '../../../src/core/codes.js';
import type { CdsCard } from '../../../src/core/types.js';
import { mapPatientResources } from '../../../src/fhir/map.js';
import { procedure } from '../../unit/fhir/resources.js';
import { makeKey, postJson, signJwt, startFhirServer, startJwks, type TestKey } from './helpers.js';
import { AS_OF, hookRequest, insufficientResponder, noAih, prefetchFor, tooEarly } from './patients.js';

const ISSUER = 'https://ehr.example.org';
const APP_LAUNCH = 'https://app.example.org/launch.html';
const ACCESS_TOKEN = 'ehr-access-token-for-the-service';

type Answer = { cards: CdsCard[] };

describe('CDS Hooks service (patient-view)', () => {
  let key: TestKey;
  let jwks: Awaited<ReturnType<typeof startJwks>>;
  let fhir: Awaited<ReturnType<typeof startFhirServer>>;
  let failingFhir: Awaited<ReturnType<typeof startFhirServer>>;
  let dataDir: string;
  let service: CdsServer;
  let base: string;
  const patients = [...insufficientResponder(), ...tooEarly(), ...noAih()];

  beforeAll(async () => {
    key = await makeKey('ES384', 'ehr-key-1');
    jwks = await startJwks([key]);
    fhir = await startFhirServer(patients);
    failingFhir = await startFhirServer(patients, { failing: { Observation: 500 } });
    dataDir = await mkdtemp(join(tmpdir(), 'cds-service-'));
    service = createCdsServer({
      port: 0,
      trustedIssuers: { [ISSUER]: { jwksUrl: jwks.jwksUrl, fhirServers: [fhir.base, failingFhir.base] } },
      allowLoopbackHttp: true,
      dataDir,
      appLaunchUrl: APP_LAUNCH,
      today: () => AS_OF,
    });
    base = (await service.listen()).url;
  });
  afterAll(async () => {
    await service.close();
    await Promise.all([jwks.close(), fhir.close(), failingFhir.close()]);
    await rm(dataDir, { recursive: true, force: true });
  });

  const serviceUrl = (): string => `${base}/cds-services/aih-navigator`;
  const call = async (body: unknown) =>
    postJson(serviceUrl(), body, await signJwt(key, { iss: ISSUER, aud: serviceUrl() }));
  const expectedCard = (resources: Record<string, unknown>[], patientId: string): CdsCard | undefined => {
    const result = assess(mapPatientResources(resources, { patientId }), {
      asOf: AS_OF,
      appLaunchUrl: APP_LAUNCH,
    });
    return result.response === 'not-applicable' ? undefined : result.card;
  };

  describe('discovery', () => {
    it('lists the patient-view service with EHR-safe prefetch templates, without a token', async () => {
      const response = await fetch(`${base}/cds-services`);
      expect(response.status).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      const body = (await response.json()) as { services: Record<string, unknown>[] };
      expect(body.services).toHaveLength(3);
      const [svc] = body.services;
      expect(svc).toMatchObject({ hook: 'patient-view', id: 'aih-navigator' });
      expect(typeof svc?.title).toBe('string');
      expect(typeof svc?.description).toBe('string');
      const prefetch = svc?.prefetch as Record<string, string>;
      expect(prefetch.patient).toBe('Patient/{{context.patientId}}');
      const labCodes = new URL(prefetch.labs ?? '', 'http://x/').searchParams.get('code')?.split(',');
      expect(labCodes).toEqual(SEARCHED_LOINC.map((code) => `http://loinc.org|${code}`));
      expect(prefetch.medications).toBe(
        'MedicationRequest?patient={{context.patientId}}&status=active,on-hold,completed,stopped,cancelled,entered-in-error&_include=MedicationRequest:medication',
      );
      expect(prefetch.laboratory).toBe('Observation?patient={{context.patientId}}&category=laboratory');
      expect(prefetch.conditions).toBe('Condition?patient={{context.patientId}}');
      expect(prefetch.allergies).toBe('AllergyIntolerance?patient={{context.patientId}}');
      expect(prefetch.medicationStatements).toBe('MedicationStatement?patient={{context.patientId}}');
      // Epic refuses an Observation search without a code or a category.
      for (const template of Object.values(prefetch).filter((t) => t.startsWith('Observation?'))) {
        expect(template).toMatch(/[?&](code|category)=/);
      }
    });

    it('answers a CORS preflight', async () => {
      const response = await fetch(serviceUrl(), { method: 'OPTIONS' });
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
      expect(response.headers.get('access-control-allow-headers')).toMatch(/Content-Type/);
    });

    it('says 404 for an unknown service and 405 for a GET on the service', async () => {
      expect((await fetch(`${base}/cds-services/other`)).status).toBe(404);
      expect((await fetch(serviceUrl())).status).toBe(405);
    });
  });

  describe('cards from a complete prefetch', () => {
    it('gives the core card for an insufficient responder and reads nothing from the FHIR server', async () => {
      const resources = insufficientResponder();
      const before = fhir.requests.length;
      const answer = await call(
        hookRequest('p-insufficient', {
          prefetch: prefetchFor(resources),
          fhirServer: fhir.base,
          accessToken: ACCESS_TOKEN,
        }),
      );
      expect(answer.status).toBe(200);
      const { cards } = answer.body as Answer;
      expect(cards).toHaveLength(1);
      expect(cards[0]).toEqual(expectedCard(resources, 'p-insufficient'));
      expect(cdsCardSchema.safeParse(cards[0]).success).toBe(true);
      expect(cards[0]?.summary).toMatch(/insufficient response/i);
      expect(cards[0]?.indicator).toBe('warning');
      expect(cards[0]?.links).toContainEqual(expect.objectContaining({ type: 'smart', url: APP_LAUNCH }));
      expect(fhir.requests.length).toBe(before);
    });

    it('gives a reassessment card when it is too early to judge', async () => {
      const resources = tooEarly();
      const answer = await call(hookRequest('p-early', { prefetch: prefetchFor(resources) }));
      expect(answer.status).toBe(200);
      const { cards } = answer.body as Answer;
      expect(cards).toHaveLength(1);
      expect(cards[0]).toEqual(expectedCard(resources, 'p-early'));
      expect(cards[0]?.indicator).toBe('info');
    });

    it('reads a liver transplant recorded only as a Procedure from the prefetch (rules v2)', async () => {
      const transplant = procedure({
        id: 'p-insufficient-olt',
        subject: { reference: 'Patient/p-insufficient' },
        performedDateTime: '2015-02-03',
      });
      const resources = [...insufficientResponder(), transplant];
      const answer = await call(hookRequest('p-insufficient', { prefetch: prefetchFor(resources) }));
      expect(answer.status).toBe(200);
      const card = (answer.body as Answer).cards[0];
      expect(card).toEqual(expectedCard(resources, 'p-insufficient'));
      expect(
        assess(mapPatientResources(resources, { patientId: 'p-insufficient' }), { asOf: AS_OF }).response,
      ).toBe('out-of-scope');
    });

    it('answers with no card for a patient without autoimmune hepatitis', async () => {
      const answer = await call(hookRequest('p-no-aih', { prefetch: prefetchFor(noAih()) }));
      expect(answer).toMatchObject({ status: 200, body: { cards: [] } });
    });
  });

  describe('reading what the prefetch lacks', () => {
    it('fetches parts omitted, with the access token, and gives the same card', async () => {
      const resources = insufficientResponder();
      const prefetch = prefetchFor(resources);
      delete prefetch.labs;
      delete prefetch.allergies;
      const before = fhir.requests.length;
      const answer = await call(
        hookRequest('p-insufficient', { prefetch, fhirServer: fhir.base, accessToken: ACCESS_TOKEN }),
      );
      expect(answer.status).toBe(200);
      expect((answer.body as Answer).cards[0]).toEqual(expectedCard(resources, 'p-insufficient'));
      const made = fhir.requests.slice(before);
      expect(made.some((r) => r.path.startsWith('/fhir/Observation?'))).toBe(true);
      expect(made.every((r) => r.authorization === `Bearer ${ACCESS_TOKEN}`)).toBe(true);
    });

    it('reads everything when nothing is prefetched', async () => {
      const resources = insufficientResponder();
      const answer = await call(
        hookRequest('p-insufficient', { fhirServer: fhir.base, accessToken: ACCESS_TOKEN }),
      );
      expect(answer.status).toBe(200);
      const { cards } = answer.body as Answer;
      expect(cards).toHaveLength(1);
      expect(cards[0]).toEqual(expectedCard(resources, 'p-insufficient'));
      expect(cards[0]?.indicator).toBe('warning');
    });

    it('treats a prefetch Bundle with a next page as incomplete and reads the part', async () => {
      const prefetch = prefetchFor(insufficientResponder());
      const labs = prefetch.labs as Record<string, unknown>;
      prefetch.labs = { ...labs, link: [{ relation: 'next', url: `${fhir.base}/Observation?page=2` }] };
      const before = fhir.requests.length;
      const answer = await call(
        hookRequest('p-insufficient', { prefetch, fhirServer: fhir.base, accessToken: ACCESS_TOKEN }),
      );
      expect(answer.status).toBe(200);
      expect(fhir.requests.slice(before).some((r) => r.path.startsWith('/fhir/Observation?'))).toBe(true);
    });

    it('goes on without allergies when only they are missing and there is no FHIR server', async () => {
      const prefetch = prefetchFor(insufficientResponder());
      delete prefetch.allergies;
      const answer = await call(hookRequest('p-insufficient', { prefetch }));
      expect(answer.status).toBe(200);
      expect((answer.body as Answer).cards).toHaveLength(1);
    });
  });

  describe('procedures that cannot be had', () => {
    it('without the procedures prefetch and no FHIR server, the card is insufficient-data, not confident', async () => {
      const prefetch = prefetchFor(insufficientResponder());
      delete prefetch.procedures;
      const answer = await call(hookRequest('p-insufficient', { prefetch }));
      expect(answer.status).toBe(200);
      const card = (answer.body as Answer).cards[0];
      expect(card?.summary).not.toMatch(/insufficient response/i);
      expect(card?.suggestions ?? []).toEqual([]);
      expect(JSON.stringify(card)).toMatch(/Procedure/);
    });
  });

  describe('412 when required data cannot be had', () => {
    it('labs neither prefetched nor readable (no fhirServer)', async () => {
      const prefetch = prefetchFor(insufficientResponder());
      delete prefetch.labs;
      const answer = await call(hookRequest('p-insufficient', { prefetch }));
      expect(answer.status).toBe(412);
      expect((answer.body as { message: string }).message).toMatch(/Observation/);
      // Named for the client, which tells its users which data were unavailable.
      expect((answer.body as { unavailable: string[] }).unavailable).toEqual(['Observation']);
    });

    it('labs withheld by break-the-glass in the prefetch and no fhirServer', async () => {
      const prefetch = prefetchFor(insufficientResponder());
      const outcome = {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'suppressed', details: { coding: [{ code: '4130' }] } }],
      };
      prefetch.labs = {
        resourceType: 'Bundle',
        type: 'searchset',
        entry: [{ resource: outcome, search: { mode: 'outcome' } }],
      };
      const answer = await call(hookRequest('p-insufficient', { prefetch }));
      expect(answer.status).toBe(412);
      expect((answer.body as { message: string }).message).toMatch(
        /Observation \(the Bundle is incomplete or withheld/,
      );
    });

    it('nothing prefetched and no fhirServer', async () => {
      const answer = await call(hookRequest('p-insufficient'));
      expect(answer.status).toBe(412);
      const message = (answer.body as { message: string }).message;
      for (const type of ['Patient', 'Observation', 'MedicationRequest', 'Condition'])
        expect(message).toContain(type);
    });

    it('the FHIR server fails the Observation searches', async () => {
      const answer = await call(
        hookRequest('p-insufficient', { fhirServer: failingFhir.base, accessToken: ACCESS_TOKEN }),
      );
      expect(answer.status).toBe(412);
      expect((answer.body as { message: string }).message).toMatch(/Observation/);
      // Named for the client, which tells its users which data were unavailable.
      expect((answer.body as { unavailable: string[] }).unavailable).toEqual(['Observation']);
    });

    it('the patient does not exist on the FHIR server', async () => {
      const answer = await call(
        hookRequest('p-unknown', { fhirServer: fhir.base, accessToken: ACCESS_TOKEN }),
      );
      expect(answer.status).toBe(412);
      expect((answer.body as { message: string }).message).toMatch(/Patient/);
    });
  });

  describe('bad requests', () => {
    it('rejects a body that is not a patient-view request', async () => {
      for (const body of [
        {},
        { ...hookRequest('p-early'), hook: 'order-sign' },
        { ...hookRequest('x'), context: { patientId: 'p/../x' } },
      ]) {
        const answer = await call(body);
        expect(answer.status).toBe(400);
        expect((answer.body as { error: string }).error).toBe('invalid-request');
      }
    });

    it('rejects an access token issued for another patient', async () => {
      const body = hookRequest('p-insufficient', { fhirServer: fhir.base, accessToken: ACCESS_TOKEN });
      (body.fhirAuthorization as Record<string, unknown>).patient = 'p-early';
      const answer = await call(body);
      expect(answer).toMatchObject({ status: 400, body: { error: 'invalid-request' } });
      expect((answer.body as { message: string }).message).toContain('fhirAuthorization.patient');
    });

    it('rejects a prefetched Patient that is not the patient in context', async () => {
      const prefetch = prefetchFor(insufficientResponder());
      const answer = await call(hookRequest('p-early', { prefetch }));
      expect(answer).toMatchObject({ status: 400, body: { error: 'patient-mismatch' } });
    });

    it('refuses to send the access token to a plain-http FHIR server elsewhere', async () => {
      const answer = await call(
        hookRequest('p-insufficient', {
          fhirServer: 'http://ehr.example.org/fhir',
          accessToken: ACCESS_TOKEN,
        }),
      );
      expect(answer).toMatchObject({ status: 400, body: { error: 'insecure-fhir-server' } });
    });

    it('rejects a body that is not JSON', async () => {
      const token = await signJwt(key, { iss: ISSUER, aud: serviceUrl() });
      const response = await fetch(serviceUrl(), {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: '{"hook": ',
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid-json' });
    });
  });

  describe('trust', () => {
    const body = (): Record<string, unknown> => hookRequest('p-no-aih', { prefetch: prefetchFor(noAih()) });

    it('refuses service calls and feedback without a token', async () => {
      const answer = await postJson(serviceUrl(), body());
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toMatch(/Bearer/);
      expect((await postJson(`${serviceUrl()}/feedback`, { feedback: [] })).status).toBe(401);
    });

    it('refuses a token made for another URL of the same service', async () => {
      const forFeedback = await signJwt(key, { iss: ISSUER, aud: `${serviceUrl()}/feedback` });
      expect((await postJson(serviceUrl(), body(), forFeedback)).status).toBe(401);
      const forDiscovery = await signJwt(key, { iss: ISSUER, aud: `${base}/cds-services` });
      expect((await postJson(serviceUrl(), body(), forDiscovery)).body).toMatchObject({
        error: 'wrong-audience',
      });
    });

    it('refuses a replayed token', async () => {
      const token = await signJwt(key, { iss: ISSUER, aud: serviceUrl() });
      expect((await postJson(serviceUrl(), body(), token)).status).toBe(200);
      expect((await postJson(serviceUrl(), body(), token)).body).toMatchObject({ error: 'replayed' });
    });
  });
});
