/**
 * The order entry's draft list. The page holds it in a hidden form field (the sandbox pages run no
 * scripts), so every submission is parsed again here: drafts are MedicationRequests of this
 * patient, at most a few, and an accepted suggestion's actions are applied to them.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { SYSTEM } from '../../core/codes.js';
import type { OrderAction } from '../cds/order-client.js';

/** The AIH drugs the demo order entry offers, by RxNorm ingredient. */
export const ORDERABLE_DRUGS = {
  azathioprine: { rxnorm: '1256', display: 'azathioprine' },
  allopurinol: { rxnorm: '519', display: 'allopurinol' },
  mycophenolate: { rxnorm: '68149', display: 'mycophenolate mofetil' },
  tacrolimus: { rxnorm: '42316', display: 'tacrolimus' },
  budesonide: { rxnorm: '19831', display: 'budesonide' },
  prednisolone: { rxnorm: '8638', display: 'prednisolone' },
  mercaptopurine: { rxnorm: '103', display: 'mercaptopurine' },
} as const;
export type OrderableDrug = keyof typeof ORDERABLE_DRUGS;

const MAX_DRAFTS = 10;
export type DraftResource = Record<string, unknown> & { resourceType: 'MedicationRequest'; id: string };

const draftSchema = z.looseObject({
  resourceType: z.literal('MedicationRequest'),
  id: z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/),
  status: z.literal('draft'),
});
const draftListSchema = z.array(draftSchema).max(MAX_DRAFTS);

/** The list from its form field; anything unreadable is an empty list, never an error page. */
export function parseDraftList(text: string | null): DraftResource[] {
  if (!text) return [];
  try {
    const parsed = draftListSchema.safeParse(JSON.parse(text));
    return parsed.success ? (parsed.data as DraftResource[]) : [];
  } catch {
    return [];
  }
}

export function newDraft(patientId: string, drug: OrderableDrug, doseText: string): DraftResource {
  const { rxnorm, display } = ORDERABLE_DRUGS[drug];
  return {
    resourceType: 'MedicationRequest',
    id: `draft-${randomUUID()}`,
    status: 'draft',
    intent: 'order',
    subject: { reference: `Patient/${patientId}` },
    medicationCodeableConcept: { coding: [{ system: SYSTEM.rxnorm, code: rxnorm, display }], text: display },
    ...(doseText.trim() ? { dosageInstruction: [{ text: doseText.trim().slice(0, 200) }] } : {}),
  };
}

/** Deletes drafts named by `delete` actions and adds the resources of `create` actions as new drafts. */
export function applyActions(
  drafts: readonly DraftResource[],
  actions: readonly OrderAction[],
  patientId: string,
): DraftResource[] {
  const deleted = new Set(
    actions
      .filter((a) => a.type === 'delete' && a.resourceId)
      .map((a) => a.resourceId!.replace(/^MedicationRequest\//, '')),
  );
  const created = actions
    .filter((a) => a.type === 'create' && a.resource?.resourceType === 'MedicationRequest')
    .map((a): DraftResource => ({
      ...a.resource!,
      resourceType: 'MedicationRequest',
      id: `draft-${randomUUID()}`,
      status: 'draft',
      subject: { reference: `Patient/${patientId}` },
    }));
  return [...drafts.filter((d) => !deleted.has(d.id)), ...created].slice(0, MAX_DRAFTS);
}

export function draftLabel(draft: DraftResource): string {
  const concept = draft.medicationCodeableConcept as { text?: unknown } | undefined;
  const dosage = (draft.dosageInstruction as { text?: unknown }[] | undefined)?.[0]?.text;
  return [concept?.text, dosage].filter((t): t is string => typeof t === 'string').join(' — ');
}
