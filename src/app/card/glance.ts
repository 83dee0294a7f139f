/**
 * The one line read first (the "two-second" view): the state, the value that decided it, and the next
 * step. Everything else on the card is detail. Built from the assessment only; nothing is re-decided.
 */
import type { Assessment, EvidenceItem } from '../../core/types.js';
import { comparatorText } from '../../core/card/format.js';
import { ANALYTE_LABEL, formatDate, formatNumber, formatXUln, RESPONSE_LABEL } from '../labels.js';
import { withUnit } from '../unit-text.js';
import { isReadFailure, missingText } from './missing-text.js';

/** Which evidence decided the state, most telling first. */
const DECIDING_ROLES = ['loss-event', 'week-4', 'latest', 'latest-above-uln', 'cbr-panel', 'baseline'];

export interface Glance {
  state: string;
  deciding?: string;
  next: string;
}

function decidingEvidence(evidence: readonly EvidenceItem[]): EvidenceItem | undefined {
  for (const role of DECIDING_ROLES) {
    const items = evidence.filter((item) => item.role === role);
    // The highest ×ULN of the role: the value that puts the patient furthest from normal.
    const best = items.reduce<EvidenceItem | undefined>(
      (top, item) => (top === undefined || (item.xUln ?? 0) > (top.xUln ?? 0) ? item : top),
      undefined,
    );
    if (best) return best;
  }
  return undefined;
}

function evidenceText(item: EvidenceItem): string {
  const bound = comparatorText(item.comparator);
  const amount =
    item.xUln !== undefined
      ? `${bound}${formatXUln(item.xUln)}`
      : withUnit(`${bound}${formatNumber(item.value)}`, item.unit);
  return `${ANALYTE_LABEL[item.analyte]} ${amount} on ${formatDate(item.date)}`;
}

function decidingText(assessment: Assessment): string | undefined {
  const item = decidingEvidence(assessment.evidence);
  if (item) return evidenceText(item);
  const { sixMonthDate } = assessment.explanation;
  if (assessment.response === 'too-early' && sixMonthDate) {
    return `6 months on treatment on ${formatDate(sixMonthDate)}`;
  }
  const firstMissing = assessment.missing[0];
  if (assessment.response === 'insufficient-data' && firstMissing) {
    return isReadFailure(firstMissing) ? missingText(firstMissing) : `missing: ${missingText(firstMissing)}`;
  }
  return undefined;
}

export function glanceOf(assessment: Assessment): Glance {
  const next = assessment.recommendations.find((r) => r.status === 'suggested');
  const deciding = decidingText(assessment);
  return {
    state: RESPONSE_LABEL[assessment.response],
    ...(deciding ? { deciding } : {}),
    next: next ? next.title : 'No change of treatment suggested',
  };
}
