/**
 * Qualifiers added to a response state (clinical-rules.md §4), in the listed order.
 */
import { isAboveUln, xUlnAtLeast } from './bounds.js';
import { addDays, dayNumber } from './dates.js';
import { latestOnOrBefore, type Series } from './panels.js';
import { evidenceOf, SIX_MONTHS_DAYS } from './response.js';
import { covers, isSteroid, isThiopurine, type Timeline } from './timeline.js';
import type { EvidenceItem, IsoDate, QualifierId, ResponseStateId } from './types.js';

export const TAILOR_ALT_XULN = 1.5;
export const TAILOR_MIN_SPAN_DAYS = 56;
export const TAILOR_LATEST_WITHIN_DAYS = 31;

const FAILING: ReadonlySet<ResponseStateId> = new Set([
  'insufficient-response',
  'non-response',
  'loss-of-response',
]);

export interface QualifierResult {
  qualifiers: QualifierId[];
  evidence: EvidenceItem[];
}

export function assessQualifiers(
  state: ResponseStateId,
  series: Series,
  timeline: Timeline,
  asOf: IsoDate,
  decidingEvidence: readonly EvidenceItem[],
): QualifierResult {
  const qualifiers: QualifierId[] = [];
  const evidence: EvidenceItem[] = [];
  const tailor = state === 'insufficient-response' ? tailorAlt(series, timeline, asOf) : undefined;
  if (tailor) {
    qualifiers.push('tailor-like');
    evidence.push(...tailor);
  }
  if (state === 'complete-biochemical-response' || state === 'late-response') {
    const above = latestAboveUln(series, asOf);
    if (above.length > 0) {
      qualifiers.push('latest-above-uln');
      evidence.push(...above);
    }
  }
  if ([...decidingEvidence, ...evidence].some((e) => e.ulnSource === 'default'))
    qualifiers.push('uln-default');
  if (timeline.line === 'second' && FAILING.has(state)) qualifiers.push('second-line-failure');
  return { qualifiers, evidence };
}

/**
 * TAILOR-like (NCT05221411 inclusion): ≥ 6 months of first line, a thiopurine and a steroid throughout
 * the last 6 months, and ALT ≥ 1.5×ULN for at least 2 months — two ALT results ≥ 56 days apart, the
 * latest within 31 days of as-of, and every ALT from the earlier one to as-of ≥ 1.5×ULN.
 */
function tailorAlt(series: Series, timeline: Timeline, asOf: IsoDate): EvidenceItem[] | undefined {
  if (timeline.line !== 'first' || !timeline.t0) return undefined;
  const asOfDay = dayNumber(asOf)!;
  if (asOfDay - dayNumber(timeline.t0)! < SIX_MONTHS_DAYS) return undefined;
  const sixMonthsAgo = addDays(asOf, -SIX_MONTHS_DAYS);
  if (!covers(timeline.periods, isThiopurine, sixMonthsAgo, asOf)) return undefined;
  if (!covers(timeline.periods, isSteroid, sixMonthsAgo, asOf)) return undefined;
  const alt = series.alt.filter((v) => dayNumber(v.date)! <= asOfDay);
  const latest = alt.at(-1);
  if (!latest || asOfDay - dayNumber(latest.date)! > TAILOR_LATEST_WITHIN_DAYS) return undefined;
  // Walk back from the latest ALT while every result stays ≥ 1.5×ULN.
  let runStart = alt.length - 1;
  while (runStart >= 0 && xUlnAtLeast(alt[runStart]!, TAILOR_ALT_XULN) === true) runStart--;
  const run = alt.slice(runStart + 1);
  // The deciding pair: the latest result and the nearest earlier one at least 56 days before it;
  // the results between them are part of the evidence ("every ALT result from the earlier of them").
  const latestDay = dayNumber(latest.date)!;
  const earlier = run.findLastIndex((v) => latestDay - dayNumber(v.date)! >= TAILOR_MIN_SPAN_DAYS);
  if (earlier < 0) return undefined;
  return run.slice(earlier).map((v) => evidenceOf(v, 'tailor-alt'));
}

/** The latest ALT, AST or IgG above 1×ULN (short of a loss event, which was already excluded). */
function latestAboveUln(series: Series, asOf: IsoDate): EvidenceItem[] {
  const asOfDay = dayNumber(asOf)!;
  return (['alt', 'ast', 'igg'] as const)
    .map((a) => latestOnOrBefore(series[a], asOfDay))
    .filter((v) => v !== undefined && isAboveUln(v))
    .map((v) => evidenceOf(v!, 'latest-above-uln'));
}
