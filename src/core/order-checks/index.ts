/**
 * The order checks (docs/order-checks.md) over a patient's assessment: pure, no I/O, no clock.
 * Findings come most severe first, in the order of the checks within a severity.
 */
import { checkAllopurinolWithAzathioprine } from './allopurinol-azathioprine.js';
import { checkFailedAgent } from './failed-agent.js';
import { checkFlagWarnings } from './flag-warnings.js';
import { checkIncomplete } from './incomplete.js';
import type { OrderCheckInput } from './input.js';
import { checkIntolerance } from './intolerance.js';
import { checkPregnancy } from './pregnancy.js';
import type { OrderFinding, OrderCheckSeverity } from './types.js';

export type { OrderCheckInput } from './input.js';
export { ORDER_CHECKS } from './catalogue.js';
export type * from './types.js';

const SEVERITY_RANK: Readonly<Record<OrderCheckSeverity, number>> = { critical: 0, warning: 1, info: 2 };

export function checkOrders(input: OrderCheckInput): OrderFinding[] {
  const findings = [
    ...checkAllopurinolWithAzathioprine(input),
    ...checkPregnancy(input),
    ...checkFlagWarnings(input),
    ...checkIntolerance(input),
    ...checkFailedAgent(input),
    ...checkIncomplete(input),
  ];
  // A stable sort keeps the check order within each severity.
  return findings.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
}
