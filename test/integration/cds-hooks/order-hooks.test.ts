import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCdsServer, type CdsServer } from '../../../src/cds-hooks/server.js';
import { cdsResponseSchema } from '../../../src/core/card-schema.js';
import type { CdsCard } from '../../../src/core/types.js';
import { makeKey, postJson, signJwt, startFhirServer, startJwks, type TestKey } from './helpers.js';
import { AS_OF, daysBefore, insufficientResponder, prefetchFor } from './patients.js';

const ISSUER = 'https://ehr.example.org';
const ACCESS_TOKEN = 'ehr-access-token-for-the-service';
const PATIENT = 'p-insufficient';
type Resource = Record<string, unknown>;
type Answer = { cards: CdsCard[] };

function draftOrder(id: string, rxnorm: string, display: string): Resource {
  return {
    resourceType: 'MedicationRequest',
    id,
    status: 'draft',
    intent: 'order',
    subject: { reference: `Patient/${PATIENT}` },
    medicationCodeableConcept: {
      coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: rxnorm, display }],
    },
    dosageInstruction: [{ text: 'as directed' }],
  };
}

const allopurinol = (): Resource => draftOrder('d-allo', '519', 'allopurinol');
const mmf = (): Resource => draftOrder('d-mmf', '68149', 'mycophenolate');
const serviceRequest = (): Resource => ({
  resourceType: 'ServiceRequest',
  id: 'd-lab',
  status: 'draft',
  intent: 'order',
});

/** The insufficient responder, pregnant, weighing 70 kg, on a structured azathioprine dose of 150 mg/day. */
function chart(): Resource[] {
  return [
    ...insufficientResponder(PATIENT).map((r) =>
      r.id === 'mr-aza'
        ? {
            ...r,
            dosageInstruction: [
              {
                text: '150 mg daily',
                timing: { code: { coding: [{ code: 'QD' }] } },
                doseAndRate: [
                  {
                    doseQuantity: { value: 150, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' },
                  },
                ],
              },
            ],
          }
        : r,
    ),
    {
      resourceType: 'Condition',
      id: 'pregnancy',
      clinicalStatus: { coding: [{ code: 'active' }] },
      code: { coding: [{ system: 'http://snomed.info/sct', code: '77386006', display: 'Pregnant' }] },
      subject: { reference: `Patient/${PATIENT}` },
      onsetDateTime: daysBefore(60),
    },
  ];
}

function orderRequest(
  hook: 'order-select' | 'order-sign',
  drafts: Resource[],
  extra: { prefetch?: Record<string, unknown>; fhirServer?: string; context?: Record<string, unknown> } = {},
): Record<string, unknown> {
  return {
    hook,
    hookInstance: crypto.randomUUID(),
    context: {
      userId: 'Practitioner/dr-1',
      patientId: PATIENT,
      draftOrders: {
        resourceType: 'Bundle',
        type: 'collection',
        entry: drafts.map((resource) => ({ resource })),
      },
      ...(hook === 'order-select' ? { selections: [`MedicationRequest/${String(drafts[0]?.id)}`] } : {}),
      ...extra.context,
    },
    ...(extra.fhirServer
      ? {
          fhirServer: extra.fhirServer,
          fhirAuthorization: {
            access_token: ACCESS_TOKEN,
            token_type: 'Bearer',
            expires_in: 300,
            scope: 'patient/*.read',
            subject: 'svc',
          },
        }
      : {}),
    ...(extra.prefetch ? { prefetch: extra.prefetch } : {}),
  };
}

describe('CDS Hooks order-select and order-sign', () => {
  let key: TestKey;
  let jwks: Awaited<ReturnType<typeof startJwks>>;
  let fhir: Awaited<ReturnType<typeof startFhirServer>>;
  let failingFhir: Awaited<ReturnType<typeof startFhirServer>>;
  let dataDir: string;
  let service: CdsServer;
  let base: string;

  beforeAll(async () => {
    key = await makeKey('RS384', 'ehr-key-1');
    jwks = await startJwks([key]);
    fhir = await startFhirServer([
      ...chart(),
      {
        resourceType: 'Medication',
        id: 'med-mmf',
        code: {
          coding: [
            {
              system: 'http://www.nlm.nih.gov/research/umls/rxnorm',
              code: '68149',
              display: 'mycophenolate mofetil',
            },
          ],
        },
      },
    ]);
    failingFhir = await startFhirServer(chart(), { failing: { Condition: 500 } });
    dataDir = await mkdtemp(join(tmpdir(), 'cds-orders-'));
    service = createCdsServer({
      port: 0,
      trustedIssuers: { [ISSUER]: { jwksUrl: jwks.jwksUrl, fhirServers: [fhir.base, failingFhir.base] } },
      allowLoopbackHttp: true,
      dataDir,
      today: () => AS_OF,
    });
    base = (await service.listen()).url;
  });
  afterAll(async () => {
    await service.close();
    await Promise.all([jwks.close(), fhir.close(), failingFhir.close()]);
    await rm(dataDir, { recursive: true, force: true });
  });

  const url = (hook: string): string => `${base}/cds-services/aih-navigator-${hook}`;
  const call = async (hook: 'order-select' | 'order-sign', body: unknown) =>
    postJson(url(hook), body, await signJwt(key, { iss: ISSUER, aud: url(hook) }));
  const cardsOf = (body: unknown): CdsCard[] => cdsResponseSchema.parse(body).cards as CdsCard[];

  it('lists both services in discovery with the same EHR-safe prefetch templates as patient-view', async () => {
    const body = (await (await fetch(`${base}/cds-services`)).json()) as {
      services: { hook: string; id: string; prefetch: Record<string, string> }[];
    };
    const [view, select, sign] = body.services;
    expect(select).toMatchObject({ hook: 'order-select', id: 'aih-navigator-order-select' });
    expect(sign).toMatchObject({ hook: 'order-sign', id: 'aih-navigator-order-sign' });
    expect(select?.prefetch).toEqual(view?.prefetch);
    expect(sign?.prefetch).toEqual(view?.prefetch);
    expect(sign?.prefetch.labs).toMatch(/^Observation\?patient=\{\{context.patientId\}\}&code=/);
  });

  describe('from a complete prefetch', () => {
    it('order-sign gives the critical cards for allopurinol beside azathioprine and MMF in pregnancy', async () => {
      const requestsBefore = fhir.requests.length;
      const answer = await call(
        'order-sign',
        orderRequest('order-sign', [serviceRequest(), allopurinol(), mmf()], {
          prefetch: prefetchFor(chart()),
        }),
      );
      expect(answer.status).toBe(200);
      const cards = cardsOf(answer.body);
      expect(cards.map((c) => c.indicator)).toEqual(['critical', 'critical', 'critical']);
      expect(cards[0]!.summary).toContain('Allopurinol with full-dose azathioprine (150 mg/day)');
      expect(cards[0]!.suggestions?.[0]?.actions[0]).toMatchObject({ type: 'create' });
      expect(cards.slice(1).every((c) => c.summary.includes('in pregnancy'))).toBe(true);
      expect(fhir.requests.length).toBe(requestsBefore);
    });

    it('order-select gives the same cards as order-sign', async () => {
      const prefetch = prefetchFor(chart());
      const select = await call('order-select', orderRequest('order-select', [mmf()], { prefetch }));
      const sign = await call('order-sign', orderRequest('order-sign', [mmf()], { prefetch }));
      expect(select.status).toBe(200);
      expect(select.body).toEqual(sign.body);
      expect((select.body as Answer).cards).toHaveLength(1);
    });

    it('answers {"cards": []} when no draft concerns an AIH drug', async () => {
      const answer = await call(
        'order-sign',
        orderRequest('order-sign', [serviceRequest(), draftOrder('d-x', '5640', 'ibuprofen')], {
          prefetch: prefetchFor(chart()),
        }),
      );
      expect(answer).toMatchObject({ status: 200, body: { cards: [] } });
    });
  });

  describe('reading from the FHIR server', () => {
    it('fetches what is not prefetched with the access token and gives the same cards', async () => {
      const prefetched = await call(
        'order-sign',
        orderRequest('order-sign', [allopurinol()], { prefetch: prefetchFor(chart()) }),
      );
      const fetched = await call(
        'order-sign',
        orderRequest('order-sign', [allopurinol()], { fhirServer: fhir.base }),
      );
      expect(fetched.status).toBe(200);
      expect(fetched.body).toEqual(prefetched.body);
      expect(fhir.requests.some((r) => r.authorization === `Bearer ${ACCESS_TOKEN}`)).toBe(true);
    });

    it('reads the Medication a draft names by reference, and checks the drug it holds', async () => {
      const byReference = {
        ...mmf(),
        medicationCodeableConcept: undefined,
        medicationReference: { reference: 'Medication/med-mmf' },
      };
      const answer = await call(
        'order-sign',
        orderRequest('order-sign', [byReference], { fhirServer: fhir.base, prefetch: prefetchFor(chart()) }),
      );
      expect(answer.status).toBe(200);
      expect(cardsOf(answer.body)[0]?.summary).toContain('Mycophenolate ordered in pregnancy');
      expect(fhir.requests.some((r) => r.path === '/fhir/Medication/med-mmf')).toBe(true);
      // Without the server the drug stays unknown, and the card says the draft was not checked.
      const unread = await call(
        'order-sign',
        orderRequest('order-sign', [byReference], { prefetch: prefetchFor(chart()) }),
      );
      expect(cardsOf(unread.body)[0]?.detail).toContain('MedicationRequest/d-mmf');
    });

    it('order-sign says pregnancy was not checked when Conditions cannot be read, instead of a 412', async () => {
      const answer = await call(
        'order-sign',
        orderRequest('order-sign', [mmf()], { fhirServer: failingFhir.base }),
      );
      expect(answer.status).toBe(200);
      const cards = cardsOf(answer.body);
      const incomplete = cards.find((c) => c.summary.startsWith('Not checked: pregnancy'));
      expect(incomplete?.indicator).toBe('warning');
    });

    it('without prefetch or FHIR server, every drafted check is named as not checked', async () => {
      const answer = await call('order-sign', orderRequest('order-sign', [allopurinol()]));
      expect(answer.status).toBe(200);
      const [card] = cardsOf(answer.body).filter((c) => c.summary.startsWith('Not checked'));
      expect(card?.summary).toContain('current azathioprine dose');
      expect(card?.summary).toContain('pregnancy');
    });
  });

  describe('trust, shared with patient-view', () => {
    it('refuses a call without a JWT, and one whose audience is another service', async () => {
      const body = orderRequest('order-sign', [mmf()], { prefetch: prefetchFor(chart()) });
      expect((await postJson(url('order-sign'), body)).status).toBe(401);
      const forPatientView = await signJwt(key, { iss: ISSUER, aud: `${base}/cds-services/aih-navigator` });
      const wrong = await postJson(url('order-sign'), body, forPatientView);
      expect(wrong.status).toBe(401);
      expect(wrong.body).toMatchObject({ error: 'wrong-audience' });
    });

    it('refuses a replayed jti across services', async () => {
      const jti = crypto.randomUUID();
      const body = orderRequest('order-select', [mmf()], { prefetch: prefetchFor(chart()) });
      const first = await postJson(
        url('order-select'),
        body,
        await signJwt(key, { iss: ISSUER, aud: url('order-select'), jti }),
      );
      expect(first.status).toBe(200);
      const again = await postJson(
        url('order-select'),
        body,
        await signJwt(key, { iss: ISSUER, aud: url('order-select'), jti }),
      );
      expect(again.status).toBe(401);
    });

    it('answers calls made at once on connections opened together alike, checking every JWT', async () => {
      // Calls on connections opened together: each JWT checked, each answered as one call alone is.
      const body = orderRequest('order-sign', [allopurinol(), mmf()], { prefetch: prefetchFor(chart()) });
      const alone = await call('order-sign', body);
      const twice = await signJwt(key, { iss: ISSUER, aud: url('order-sign') });
      const tokens = [
        ...(await Promise.all(
          Array.from({ length: 12 }, () => signJwt(key, { iss: ISSUER, aud: url('order-sign') })),
        )),
        twice,
        twice,
      ];
      const answers = await Promise.all(tokens.map((token) => postJson(url('order-sign'), body, token)));
      const answered = answers.filter((answer) => answer.status === 200);
      expect(answered).toHaveLength(13);
      expect(answered.every((answer) => JSON.stringify(answer.body) === JSON.stringify(alone.body))).toBe(
        true,
      );
      expect(answers.filter((answer) => answer.status === 401).map((answer) => answer.body)).toEqual([
        expect.objectContaining({ error: 'replayed' }),
      ]);
    });
  });

  it("takes feedback on an order card (overridden with a reason) at the service's feedback URL", async () => {
    const answer = await call(
      'order-sign',
      orderRequest('order-sign', [mmf()], { prefetch: prefetchFor(chart()) }),
    );
    const card = cardsOf(answer.body)[0]!;
    const feedbackUrl = `${url('order-sign')}/feedback`;
    const feedback = {
      feedback: [
        {
          card: card.uuid,
          outcome: 'overridden',
          overrideReason: { reason: card.overrideReasons![3] },
          outcomeTimestamp: new Date().toISOString(),
        },
      ],
    };
    const stored = await postJson(
      feedbackUrl,
      feedback,
      await signJwt(key, { iss: ISSUER, aud: feedbackUrl }),
    );
    expect(stored.status).toBe(200);
  });

  describe('400 for a context the hook does not allow', () => {
    const prefetch = (): Record<string, unknown> => prefetchFor(chart());
    it.each([
      ['userId', 'order-sign'],
      ['patientId', 'order-sign'],
      ['draftOrders', 'order-sign'],
      ['selections', 'order-select'],
    ] as const)('without context.%s (%s)', async (field, hook) => {
      const request = orderRequest(hook, [mmf()], { prefetch: prefetch() });
      delete (request.context as Record<string, unknown>)[field];
      const answer = await call(hook, request);
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: 'invalid-request' });
      expect((answer.body as { message: string }).message).toContain(`context.${field}`);
    });

    it('a prefetched Patient or an access token of another patient', async () => {
      const prefetch = { ...prefetchFor(chart()), patient: { resourceType: 'Patient', id: 'someone-else' } };
      const mismatch = await call('order-sign', orderRequest('order-sign', [mmf()], { prefetch }));
      expect(mismatch).toMatchObject({ status: 400, body: { error: 'patient-mismatch' } });
      const request = orderRequest('order-sign', [mmf()], { fhirServer: fhir.base });
      (request.fhirAuthorization as Record<string, unknown>).patient = 'someone-else';
      const answer = await call('order-sign', request);
      expect(answer.status).toBe(400);
      expect((answer.body as { message: string }).message).toContain('fhirAuthorization.patient');
    });

    it('draftOrders that is not a Bundle, a selection not among the drafts, or the wrong hook name', async () => {
      const notBundle = orderRequest('order-sign', [mmf()], { context: { draftOrders: [mmf()] } });
      expect((await call('order-sign', notBundle)).status).toBe(400);
      const stray = orderRequest('order-select', [mmf()], {
        context: { selections: ['MedicationRequest/other'] },
      });
      const strayAnswer = await call('order-select', stray);
      expect(strayAnswer.status).toBe(400);
      expect((strayAnswer.body as { message: string }).message).toContain('selections');
      const wrongHook = { ...orderRequest('order-sign', [mmf()]), hook: 'patient-view' };
      expect((await call('order-sign', wrongHook)).status).toBe(400);
    });
  });
});
