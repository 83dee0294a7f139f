/**
 * The `order-sign` service (CDS Hooks hook maturity 5): the last look at the drafts before they are
 * signed. A critical check is never skipped for lack of data: when what it needs cannot be read,
 * a warning card says which check did not run.
 */
import type { PatientViewSettings, ServiceAnswer } from './patient-view.js';
import { answerOrderHook } from './order-service.js';

export const ORDER_SIGN_HOOK = 'order-sign';

export function answerOrderSign(body: unknown, settings: PatientViewSettings): Promise<ServiceAnswer> {
  return answerOrderHook(ORDER_SIGN_HOOK, body, settings);
}
