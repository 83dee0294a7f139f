/**
 * The `order-select` service (CDS Hooks hook maturity 4): called as the clinician picks an order,
 * with `context.selections` naming the orders just selected among `context.draftOrders`. It gives
 * the same cards as order-sign, so a warning seen at selection is not new at signing.
 */
import type { PatientViewSettings, ServiceAnswer } from './patient-view.js';
import { answerOrderHook } from './order-service.js';

export const ORDER_SELECT_HOOK = 'order-select';

export function answerOrderSelect(body: unknown, settings: PatientViewSettings): Promise<ServiceAnswer> {
  return answerOrderHook(ORDER_SELECT_HOOK, body, settings);
}
