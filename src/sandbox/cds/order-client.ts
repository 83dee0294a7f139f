/**
 * The demo EHR's order entry as a CDS Hooks client: `order-select` when a drug is picked,
 * `order-sign` on Sign, each with a signed JWT, the drafts as `context.draftOrders` and a
 * short-lived read-only FHIR token for the patient (the service reads the chart itself).
 */
import { z } from 'zod';
import type { SandboxContext } from '../context.js';
import { postHookCall, type HookCallResult } from './hook-call.js';

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

export type OrderHookResult = HookCallResult<OrderCard>;

const SERVICE_IDS = {
  'order-select': 'aih-navigator-order-select',
  'order-sign': 'aih-navigator-order-sign',
} as const;

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
  return postHookCall(
    ctx,
    {
      serviceUrl: `${serviceBase}/cds-services/${SERVICE_IDS[call.hook]}`,
      hook: call.hook,
      patientId: call.patientId,
      context: {
        draftOrders: {
          resourceType: 'Bundle',
          type: 'collection',
          entry: call.drafts.map((resource) => ({ resource })),
        },
        ...(call.selections ? { selections: call.selections } : {}),
      },
    },
    responseSchema,
    async (res) => `The CDS Hooks service answered ${res.status}.`,
  );
}
