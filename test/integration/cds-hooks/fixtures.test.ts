/**
 * The service against the shared EHR-shaped fixture bundles: for every fixture the answer is the
 * core's own card for that record (none when not applicable), whether the data arrives by prefetch
 * or is read from the FHIR server.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCdsServer, type CdsServer } from '../../../src/cds-hooks/server.js';
import { assess } from '../../../src/core/assess.js';
import { cdsCardSchema } from '../../../src/core/card-schema.js';
import type { CdsCard } from '../../../src/core/types.js';
import { mapPatientResources } from '../../../src/fhir/map.js';
import { fixturePatientResources } from '../../unit/fhir/fixture-index.js';
import { makeKey, postJson, signJwt, startFhirServer, startJwks, type TestKey } from './helpers.js';
import { hookRequest, prefetchFor } from './patients.js';

const FIXTURES = new URL('../../fixtures/bundles/', import.meta.url);
const ISSUER = 'https://ehr.example.org';
const APP_LAUNCH = 'https://app.example.org/launch.html';

interface FixtureEntry {
  file: string;
  patientId: string;
  asOf: string;
  expected: { response: string };
}

const index = JSON.parse(readFileSync(new URL('index.json', FIXTURES), 'utf8')) as FixtureEntry[];
/** The entry's patient only: a fixture file may hold several patients, as an export does. */
const resourcesOf = (entry: FixtureEntry): Record<string, unknown>[] =>
  fixturePatientResources(
    JSON.parse(readFileSync(new URL(entry.file, FIXTURES), 'utf8')) as Record<string, unknown>,
    entry.patientId,
  );

describe('CDS Hooks service on the fixture bundles', () => {
  let key: TestKey;
  let jwks: Awaited<ReturnType<typeof startJwks>>;
  let fhir: Awaited<ReturnType<typeof startFhirServer>>;
  let dataDir: string;
  let service: CdsServer;
  let serviceUrl: string;
  let today = '';

  beforeAll(async () => {
    key = await makeKey('ES384', 'ehr-key');
    jwks = await startJwks([key]);
    fhir = await startFhirServer(index.flatMap(resourcesOf));
    dataDir = await mkdtemp(join(tmpdir(), 'cds-fixtures-'));
    service = createCdsServer({
      port: 0,
      trustedIssuers: { [ISSUER]: { jwksUrl: jwks.jwksUrl, fhirServers: [fhir.base] } },
      allowLoopbackHttp: true,
      dataDir,
      appLaunchUrl: APP_LAUNCH,
      today: () => today,
    });
    serviceUrl = `${(await service.listen()).url}/cds-services/aih-navigator`;
  });
  afterAll(async () => {
    await service.close();
    await Promise.all([jwks.close(), fhir.close()]);
    await rm(dataDir, { recursive: true, force: true });
  });

  const call = async (body: unknown) =>
    postJson(serviceUrl, body, await signJwt(key, { iss: ISSUER, aud: serviceUrl }));

  it('has fixtures to run', () => {
    expect(index.length).toBeGreaterThan(5);
  });

  describe.each(index)('$file', (entry) => {
    const resources = resourcesOf(entry);
    const expectedCard = (): CdsCard | undefined => {
      const record = mapPatientResources(resources, { patientId: entry.patientId });
      const result = assess(record, { asOf: entry.asOf, appLaunchUrl: APP_LAUNCH });
      expect(result.response).toBe(entry.expected.response);
      return result.response === 'not-applicable' ? undefined : result.card;
    };
    const checkAnswer = (answer: { status: number; body: unknown }): void => {
      expect(answer.status).toBe(200);
      const { cards } = answer.body as { cards: CdsCard[] };
      const card = expectedCard();
      if (!card) {
        expect(cards).toEqual([]);
        return;
      }
      expect(cards).toEqual([card]);
      expect(cdsCardSchema.safeParse(cards[0]).success).toBe(true);
      expect(cards[0]?.detail).toContain(`rule \`${entry.expected.response}\``);
    };

    it('answers from a complete prefetch, reading only the drugs the orders refer to', async () => {
      today = entry.asOf;
      const before = fhir.requests.length;
      const prefetch = prefetchFor(resources);
      checkAnswer(
        await call(hookRequest(entry.patientId, { prefetch, fhirServer: fhir.base, accessToken: 'token' })),
      );
      expect(fhir.requests.slice(before).every((r) => r.path.startsWith('/fhir/Medication/'))).toBe(true);
    });

    it('answers by reading the FHIR server', async () => {
      today = entry.asOf;
      checkAnswer(await call(hookRequest(entry.patientId, { fhirServer: fhir.base, accessToken: 'token' })));
    });
  });
});
