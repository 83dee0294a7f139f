/**
 * The clinical core for order-time hooks: assess the patient at as-of, then check the drafts
 * against that assessment. The cards list is empty when nothing applies.
 */
import { assessWithoutCard } from '../assess.js';
import type { AssessOptions, CdsCard, PatientRecord } from '../types.js';
import { orderCards } from './cards.js';
import { checkOrders } from './index.js';
import type { DraftMedicationOrder, OrderFinding, UnreadableDraft } from './types.js';

export interface OrderAssessment {
  findings: OrderFinding[];
  cards: CdsCard[];
}

export function assessOrders(
  record: PatientRecord,
  drafts: { drafts: readonly DraftMedicationOrder[]; unreadable: readonly UnreadableDraft[] },
  options: AssessOptions,
): OrderAssessment {
  const asOf = options.asOf.slice(0, 10);
  // The patient's own card is not shown at order time: only what the checks read is built.
  const { assessment, values } = assessWithoutCard(record, options);
  const findings = checkOrders({
    asOf,
    record,
    assessment,
    values,
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
