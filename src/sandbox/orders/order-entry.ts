/** POST /ehr/orders: one step of the demo order entry (open, pick a drug, accept a suggestion, sign). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { callOrderHook, type OrderHookResult } from '../cds/order-client.js';
import type { SandboxContext } from '../context.js';
import { readBody, sendHtml } from '../http/respond.js';
import { notFoundPage } from '../launcher/pages.js';
import { orderPage, type OrderPageState } from '../launcher/order-page.js';
import { applyActions, newDraft, ORDERABLE_DRUGS, parseDraftList, type OrderableDrug } from './draft-list.js';

const actionsSchema = z
  .array(
    z.looseObject({
      type: z.enum(['create', 'update', 'delete']),
      description: z.string(),
      resource: z.looseObject({ resourceType: z.string() }).optional(),
      resourceId: z.string().optional(),
    }),
  )
  .max(10);

export async function handleOrderEntry(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  cdsUrl: string | undefined,
): Promise<void> {
  const form = new URLSearchParams(await readBody(req));
  const patient = ctx.patients.find((p) => p.id === form.get('patient'));
  if (!patient) return sendHtml(res, 404, notFoundPage());
  let drafts = parseDraftList(form.get('drafts'));
  const call = async (
    hook: 'order-select' | 'order-sign',
    selections?: string[],
  ): Promise<OrderHookResult> =>
    cdsUrl
      ? callOrderHook(ctx, cdsUrl, {
          hook,
          patientId: patient.id,
          drafts,
          ...(selections ? { selections } : {}),
        })
      : { ok: false, message: 'No CDS Hooks service is configured for this demo EHR.' };
  const state: OrderPageState = { patient, drafts };
  const action = form.get('action');
  if (action === 'select') {
    const drug = form.get('drug') ?? '';
    if (Object.hasOwn(ORDERABLE_DRUGS, drug)) {
      const picked = newDraft(patient.id, drug as OrderableDrug, form.get('dose') ?? '');
      drafts = [...drafts, picked].slice(-10);
      state.drafts = drafts;
      state.called = {
        hook: 'order-select',
        result: await call('order-select', [`MedicationRequest/${picked.id}`]),
      };
    }
  } else if (action === 'accept') {
    let actions: z.infer<typeof actionsSchema> = [];
    try {
      actions = actionsSchema.parse(JSON.parse(form.get('actions') ?? '[]'));
    } catch {
      actions = [];
    }
    drafts = applyActions(drafts, actions, patient.id);
    state.drafts = drafts;
  } else if (action === 'sign' && drafts.length > 0) {
    const result = await call('order-sign');
    state.called = { hook: 'order-sign', result };
    // The demo signs only when order-sign raised nothing; with cards the clinician decides first.
    if (result.ok && result.cards.length === 0) {
      state.signed = true;
      state.drafts = [];
    }
  }
  sendHtml(res, 200, orderPage(state));
}
