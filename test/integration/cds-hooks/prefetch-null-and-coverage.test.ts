/**
 * Prefetch as CDS Hooks 2.0 defines it: a key sent as `null` is a search that found nothing (an
 * empty result, never a reason to read the part or to answer 412), an omitted key is a part not
 * prefetched. And the templates cover what the loader reads: labs under local codes arrive through
 * the laboratory category, so the card does not ask to measure metabolites that were measured.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPrefetch } from '../../../src/cds-hooks/prefetch.js';
import { assess } from '../../../src/core/assess.js';
import type { CdsCard } from '../../../src/core/types.js';
import { mapPatientResources } from '../../../src/fhir/map.js';
import { startFhirServer, startSignedService } from './helpers.js';
import {
  AS_OF,
  aihCondition,
  daysBefore,
  hookRequest,
  insufficientResponder,
  lab,
  noAih,
  patient,
  prefetchFor,
} from './patients.js';

const ISSUER = 'https://ehr.example.org';
const APP_LAUNCH = 'https://app.example.org/launch.html';
const ACCESS_TOKEN = 'ehr-access-token-for-the-service';

type Resource = Record<string, unknown>;
type Answer = { cards: CdsCard[] };

/** AIH found six weeks ago, no treatment yet: no medication records at all. */
function untreated(id = 'p-untreated'): Resource[] {
  return [patient(id), aihCondition(id), lab(id, 'alt-0', 'alt', 40, 400), lab(id, 'ast-0', 'ast', 40, 300)];
}

/** A thiopurine metabolite as laboratories send it: a local code only, no LOINC. */
function metabolite(patientId: string, id: string, name: '6-TGN' | '6-MMP', value: number): Resource {
  const display =
    name === '6-TGN' ? '6-Thioguanine nucleotides (6-TGN) in RBC' : '6-Methylmercaptopurine (6-MMP) in RBC';
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    category: [
      {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' },
        ],
      },
    ],
    code: {
      coding: [{ system: 'urn:oid:1.2.840.114350.1.13.9999.2.7.5.737384.13', code: `LAB-${name}`, display }],
      text: display,
    },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: `${daysBefore(60)}T08:00:00Z`,
    valueQuantity: {
      value,
      unit: 'pmol/8x10^8 RBC',
      system: 'http://unitsofmeasure.org',
      code: 'pmol/{8.10*8.RBC}',
    },
  };
}

function withMetabolites(id = 'p-metabolites'): Resource[] {
  return [
    ...insufficientResponder(id),
    metabolite(id, 'tgn-1', '6-TGN', 140),
    metabolite(id, 'mmp-1', '6-MMP', 1900),
  ];
}

describe('prefetch: null parts and the laboratory category', () => {
  let fhir: Awaited<ReturnType<typeof startFhirServer>>;
  let service: Awaited<ReturnType<typeof startSignedService>>;

  beforeAll(async () => {
    fhir = await startFhirServer([...untreated(), ...noAih(), ...withMetabolites()]);
    service = await startSignedService({
      issuer: ISSUER,
      appLaunchUrl: APP_LAUNCH,
      today: () => AS_OF,
      fhirServers: [fhir.base],
    });
  });
  afterAll(async () => {
    await service.close();
    await fhir.close();
  });

  const call = (body: unknown) => service.call(body);
  const coreCard = (resources: Resource[], patientId: string): CdsCard | undefined => {
    const result = assess(mapPatientResources(resources, { patientId }), {
      asOf: AS_OF,
      appLaunchUrl: APP_LAUNCH,
    });
    return result.response === 'not-applicable' ? undefined : result.card;
  };
  /** Every search part empty is sent as `null`, as a CDS client does when its query found nothing. */
  const nullWhenEmpty = (prefetch: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(prefetch).map(([k, v]) => {
        const entries = (v as { entry?: unknown[] } | undefined)?.entry;
        return [k, Array.isArray(entries) && entries.length === 0 ? null : v];
      }),
    );

  it('gives the untreated card when the medication searches come back null, with no FHIR server', async () => {
    const prefetch = nullWhenEmpty(prefetchFor(untreated()));
    expect(prefetch.medications).toBeNull();
    const answer = await call(hookRequest('p-untreated', { prefetch }));
    expect(answer.status).toBe(200);
    const { cards } = answer.body as Answer;
    expect(cards).toEqual([coreCard(untreated(), 'p-untreated')]);
    expect(cards[0]?.detail).toContain('rule `untreated`');
  });

  it('answers with no card when the condition search comes back null (no AIH), with no FHIR server', async () => {
    const prefetch = nullWhenEmpty(prefetchFor(noAih()));
    expect(prefetch.conditions).toBeNull();
    const answer = await call(hookRequest('p-no-aih', { prefetch }));
    expect(answer).toMatchObject({ status: 200, body: { cards: [] } });
  });

  it('does not read a part sent as null from the FHIR server', async () => {
    const prefetch = nullWhenEmpty(prefetchFor(untreated()));
    const before = fhir.requests.length;
    const answer = await call(
      hookRequest('p-untreated', { prefetch, fhirServer: fhir.base, accessToken: ACCESS_TOKEN }),
    );
    expect(answer.status).toBe(200);
    expect(fhir.requests.slice(before)).toEqual([]);
  });

  it('still reads an omitted part, and answers 412 for it without a FHIR server', async () => {
    const prefetch = nullWhenEmpty(prefetchFor(untreated()));
    delete prefetch.medications;
    const before = fhir.requests.length;
    const read = await call(
      hookRequest('p-untreated', { prefetch, fhirServer: fhir.base, accessToken: ACCESS_TOKEN }),
    );
    expect(read.status).toBe(200);
    expect(fhir.requests.slice(before).some((r) => r.path.startsWith('/fhir/MedicationRequest?'))).toBe(true);
    const unread = await call(hookRequest('p-untreated', { prefetch }));
    expect(unread.status).toBe(412);
    expect((unread.body as { message: string }).message).toMatch(/MedicationRequest \(not prefetched/);
  });

  it('never takes a null Patient for an empty answer: 412 when it cannot be read', async () => {
    const prefetch = { ...prefetchFor(untreated()), patient: null };
    const answer = await call(hookRequest('p-untreated', { prefetch }));
    expect(answer.status).toBe(412);
    expect((answer.body as { message: string }).message).toMatch(/Patient \(the EHR found no Patient/);
  });

  describe('labs under local codes', () => {
    const resources = withMetabolites();
    const loincOnly = resources.filter(
      (r) => r.resourceType !== 'Observation' || JSON.stringify(r.code).includes('http://loinc.org'),
    );
    /** The labs part holds what a LOINC search finds; the laboratory part holds every lab. */
    const prefetch = (): Record<string, unknown> => ({
      ...prefetchFor(resources),
      labs: prefetchFor(loincOnly).labs,
    });

    it('reads metabolites from the laboratory part: no request to measure them, the core card', async () => {
      const answer = await call(hookRequest('p-metabolites', { prefetch: prefetch() }));
      expect(answer.status).toBe(200);
      const { cards } = answer.body as Answer;
      expect(cards).toEqual([coreCard(resources, 'p-metabolites')]);
      expect(JSON.stringify(cards)).not.toMatch(/Measure 6-TGN/i);
    });

    it('without the laboratory part the metabolites are read from the FHIR server, never guessed', async () => {
      const partial = prefetch();
      delete partial.laboratory;
      const before = fhir.requests.length;
      const answer = await call(
        hookRequest('p-metabolites', { prefetch: partial, fhirServer: fhir.base, accessToken: ACCESS_TOKEN }),
      );
      expect(answer.status).toBe(200);
      expect((answer.body as Answer).cards).toEqual([coreCard(resources, 'p-metabolites')]);
      expect(fhir.requests.slice(before).some((r) => r.path.includes('category=laboratory'))).toBe(true);
      expect((await call(hookRequest('p-metabolites', { prefetch: partial }))).status).toBe(412);
    });

    it('keeps an Observation found by both parts once, and an EHR message once', () => {
      const notice = {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'information', code: 'informational', details: { text: 'May be incomplete' } }],
      };
      const both = prefetch();
      for (const key of ['labs', 'laboratory']) {
        const bundle = both[key] as { entry: unknown[] };
        both[key] = {
          ...bundle,
          entry: [...bundle.entry, { resource: notice, search: { mode: 'outcome' } }],
        };
      }
      const reading = readPrefetch(both, 'p-metabolites');
      const keys = reading.resources.map((r) => `${(r as Resource).resourceType}/${(r as Resource).id}`);
      expect(keys).toHaveLength(new Set(keys).size);
      expect(keys).toContain('Observation/alt-0');
      expect(keys).toContain('Observation/mmp-1');
      expect(reading.notes).toHaveLength(1);
    });
  });
});
