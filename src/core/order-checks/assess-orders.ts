/**
 * The clinical core for order-time hooks: assess the patient at as-of, then check the drafts
 * against that assessment. The cards list is empty when nothing applies.
 */
import { assessWithoutCard } from '../assess.js';
import type { AssessOptions, CdsCard, PatientRecord } from '../types.js';
import { orderCards } from './cards.js';
import { checkOrders } from './index.js';
import type { OrderCheckInput } from './input.js';
import type { DraftMedicationOrder, OrderFinding, UnreadableDraft } from './types.js';

export interface OrderAssessment {
  findings: OrderFinding[];
  cards: CdsCard[];
}

/** What the checks read of the patient: the assessment (without its card) and its lab values. */
export type OrderBasis = Pick<OrderCheckInput, 'assessment' | 'values'>;

export interface Drafts {
  drafts: readonly DraftMedicationOrder[];
  unreadable: readonly UnreadableDraft[];
}

export function assessOrders(record: PatientRecord, drafts: Drafts, options: AssessOptions): OrderAssessment {
  // The patient's own card is not shown at order time: only what the checks read is built.
  return checkDraftOrders(record, assessWithoutCard(record, options), drafts, options);
}

/**
 * The checks and their cards, given the patient's basis at `options.asOf` (from assessWithoutCard
 * with the same record, as-of date and site): a caller that sees the same record again can keep it.
 */
export function checkDraftOrders(
  record: PatientRecord,
  basis: OrderBasis,
  drafts: Drafts,
  options: Pick<AssessOptions, 'asOf' | 'uuid'>,
): OrderAssessment {
  const asOf = options.asOf.slice(0, 10);
  const findings = checkOrders({
    asOf,
    record,
    assessment: basis.assessment,
    values: basis.values,
    drafts: drafts.drafts,
    unreadable: drafts.unreadable,
  });
  const cards = orderCards(findings, {
    patientId: record.patientId,
    asOf,
    ...(options.uuid ? { uuid: options.uuid } : {}),
  });
  return { findings, cards };
}
