/**
 * The demo EHR's order entry as a CDS Hooks client: `order-select` when a drug is picked,
 * `order-sign` on Sign, each with a signed JWT, the drafts as `context.draftOrders` and a
 * short-lived read-only FHIR token for the patient (the service reads the chart itself).
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { fhirBase, type SandboxContext } from '../context.js';
import { DEMO_CLINICIAN } from '../smart/signing.js';

const actionSchema = z.looseObject({
  type: z.enum(['create', 'update', 'delete']),
  description: z.string(),
  resource: z.looseObject({ resourceType: z.string() }).optional(),
  resourceId: z.string().optional(),
});
const cardSchema = z.looseObject({
  uuid: z.string().optional(),
  summary: z.string(),
  indicator: z.enum(['info', 'warning', 'critical']),
  detail: z.string().optional(),
  source: z.looseObject({ label: z.string() }),
  suggestions: z
    .array(z.looseObject({ label: z.string(), uuid: z.string().optional(), actions: z.array(actionSchema) }))
    .optional(),
});
const responseSchema = z.looseObject({ cards: z.array(cardSchema) });
export type OrderCard = z.infer<typeof cardSchema>;
export type OrderAction = z.infer<typeof actionSchema>;

export type OrderHookResult = { ok: true; cards: OrderCard[] } | { ok: false; message: string };

const SERVICE_IDS = {
  'order-select': 'aih-navigator-order-select',
  'order-sign': 'aih-navigator-order-sign',
} as const;
const READ_SCOPE = 'patient/*.read';
const TOKEN_LIFETIME_SECONDS = 300;

export async function callOrderHook(
  ctx: SandboxContext,
  serviceBase: string,
  call: {
    hook: 'order-select' | 'order-sign';
    patientId: string;
    drafts: readonly Record<string, unknown>[];
    selections?: readonly string[];
  },
): Promise<OrderHookResult> {
  const serviceUrl = `${serviceBase}/cds-services/${SERVICE_IDS[call.hook]}`;
  const accessToken = ctx.sessions.issueAccess(
    { clientId: 'cds-hooks-service', scope: [READ_SCOPE], patientId: call.patientId },
    TOKEN_LIFETIME_SECONDS,
  );
  const jwt = await ctx.signer.signCdsClientJwt({ issuer: ctx.origin(), audience: serviceUrl });
  try {
    const res = await fetch(serviceUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        hook: call.hook,
        hookInstance: randomUUID(),
        fhirServer: fhirBase(ctx),
        fhirAuthorization: {
          access_token: accessToken,
          token_type: 'Bearer',
          expires_in: TOKEN_LIFETIME_SECONDS,
          scope: READ_SCOPE,
          subject: 'cds-hooks-service',
          patient: call.patientId,
        },
        context: {
          userId: DEMO_CLINICIAN,
          patientId: call.patientId,
          draftOrders: {
            resourceType: 'Bundle',
            type: 'collection',
            entry: call.drafts.map((resource) => ({ resource })),
          },
          ...(call.selections ? { selections: call.selections } : {}),
        },
      }),
      signal: AbortSignal.timeout(15_000),
    });
    if (!res.ok) return { ok: false, message: `The CDS Hooks service answered ${res.status}.` };
    const parsed = responseSchema.safeParse(await res.json());
    if (!parsed.success)
      return { ok: false, message: 'The CDS Hooks service sent cards this EHR cannot read.' };
    return { ok: true, cards: parsed.data.cards };
  } catch (error) {
    const reason =
      error instanceof Error && error.name === 'TimeoutError'
        ? 'did not answer in time'
        : 'could not be reached';
    return { ok: false, message: `The CDS Hooks service ${reason}.` };
  }
}
