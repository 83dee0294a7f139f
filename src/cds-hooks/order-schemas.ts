/**
 * What the CDS client sends on `order-select` and `order-sign` (CDS Hooks 2.0 hook definitions):
 * the common request fields of patient-view, and a context with `userId`, `patientId`,
 * `draftOrders` (a Bundle of the orders being written) and, for order-select, `selections` (the
 * ids of the orders just selected, each in draftOrders). Every field the hooks require is demanded:
 * a call without one is answered 400, never checked half.
 */
import { z } from 'zod';
import { patientViewRequestSchema, withAuthorisationChecks } from './schemas.js';

/** The request fields every hook shares, checked exactly as patient-view checks them. */
const common = patientViewRequestSchema.shape;

export type OrderHook = 'order-select' | 'order-sign';

const resourceSchema = z.looseObject({
  resourceType: z.string().min(1),
  id: z.string().optional(),
});

const draftOrdersSchema = z.looseObject({
  resourceType: z.literal('Bundle'),
  entry: z.array(z.looseObject({ resource: resourceSchema })).optional(),
});

function contextSchema(hook: OrderHook) {
  const base = {
    ...common.context.shape,
    draftOrders: draftOrdersSchema,
  };
  return hook === 'order-select'
    ? z.object({ ...base, selections: z.array(z.string().min(1)).min(1) })
    : z.object(base);
}

export function orderRequestSchema(hook: OrderHook) {
  return withAuthorisationChecks(
    z.object({
      hook: z.literal(hook),
      hookInstance: common.hookInstance,
      fhirServer: common.fhirServer,
      fhirAuthorization: common.fhirAuthorization,
      context: contextSchema(hook),
      prefetch: common.prefetch,
    }),
  ).refine((request) => selectionsAreDrafted(request.context), {
    message: 'every selection must name an order in draftOrders',
    path: ['context', 'selections'],
  });
}

export const orderSelectRequestSchema = orderRequestSchema('order-select');
export const orderSignRequestSchema = orderRequestSchema('order-sign');
export type OrderRequest = z.infer<typeof orderSignRequestSchema> & {
  context: { selections?: string[] };
};

/** The draft resources of the Bundle (a Bundle without entries has none). */
export function draftResources(request: OrderRequest): Record<string, unknown>[] {
  return (request.context.draftOrders.entry ?? []).map((e) => e.resource);
}

function selectionsAreDrafted(context: { draftOrders: z.infer<typeof draftOrdersSchema> } & object): boolean {
  const selections = 'selections' in context ? (context.selections as string[]) : undefined;
  if (!selections) return true;
  const drafted = new Set(
    (context.draftOrders.entry ?? []).flatMap((e) =>
      e.resource.id ? [`${e.resource.resourceType}/${e.resource.id}`] : [],
    ),
  );
  return selections.every((s) => drafted.has(s));
}
