/**
 * The card summary (clinical-rules.md §8): one line under 140 characters naming the state and the
 * values that decided it, e.g. "Insufficient response at 6 months: ALT 2.3×ULN, IgG 1.4×ULN".
 */
import { reportFallPercent } from '../report-round.js';
import type { AnalyteId, Assessment, EvidenceItem } from '../types.js';
import {
  comparatorText,
  formatEvidenceAmount,
  day,
  fitSummary,
  formatEvidenceValue,
  formatNumber,
  listWithin,
  SUMMARY_MAX_LENGTH,
} from './format.js';
import { ANALYTE_LABEL } from './labels.js';
import { compareText } from '../compare-text.js';

type CardInput = Omit<Assessment, 'card'>;

const ANALYTE_ORDER: readonly AnalyteId[] = ['alt', 'ast', 'igg'];

export function buildSummary(a: CardInput): string {
  return fitSummary(summaryHead(a), summaryTails(a));
}

function summaryHead(a: CardInput): string {
  switch (a.response) {
    case 'insufficient-response':
      return `Insufficient response at 6 months${lineNote(a)}${valuesAfterColon(latestAboveUln(a))}`;
    case 'loss-of-response':
      return `Loss of response after complete response${lineNote(a)}${valuesAfterColon(withRole(a, 'loss-event'), true)}`;
    case 'complete-biochemical-response':
      return `Complete biochemical response by 6 months${valuesAfterColon(withRole(a, 'cbr-panel'))}`;
    case 'late-response':
      return `Late biochemical response (after 6 months)${valuesAfterColon(withRole(a, 'cbr-panel'))}`;
    case 'non-response':
      return `Non-response at week 4${nonResponseValues(a)}`;
    case 'too-early':
      return a.explanation.sixMonthDate
        ? `Too early to assess: reassess on ${day(a.explanation.sixMonthDate)}`
        : 'Too early to assess: reassess 6 months after the start of the current regimen';
    case 'insufficient-data':
      return insufficientDataHead(a);
    case 'not-applicable':
      return 'No autoimmune hepatitis diagnosis on record: response not assessed';
    case 'out-of-scope':
      return 'Out of scope (liver transplant or PBC/PSC variant): refer to an expert centre';
    case 'untreated':
      return 'Autoimmune hepatitis without first-line treatment on record: response not assessed';
  }
}

/** Extra facts in priority order; each is added only while the summary stays short enough. */
function summaryTails(a: CardInput): string[] {
  const tails: string[] = [];
  if (a.safetyFlags.includes('decompensated')) tails.push('decompensated: refer');
  if (a.safetyFlags.includes('pregnancy')) tails.push('pregnancy on record');
  if (a.actionableIntolerance.length > 0) tails.push(`intolerance: ${a.actionableIntolerance.join(', ')}`);
  const repeat = withRole(a, 'latest-above-uln');
  if (a.qualifiers.includes('latest-above-uln') && repeat.length > 0) {
    tails.push(`latest ${valuesText(repeat)}: repeat test`);
  } else if (a.qualifiers.includes('latest-above-uln')) {
    tails.push('latest result above ULN: repeat test');
  }
  if (a.qualifiers.includes('tailor-like')) tails.push('TAILOR-like');
  if (a.qualifiers.includes('uln-default')) tails.push('default ULN used');
  return tails;
}

function lineNote(a: CardInput): string {
  return a.qualifiers.includes('second-line-failure') || a.line === 'second'
    ? ' (second line)'
    : a.line === 'third'
      ? ' (third line)'
      : '';
}

function withRole(a: CardInput, role: string): EvidenceItem[] {
  return a.evidence.filter((e) => e.role === role);
}

/** The latest values that are above the ULN (all latest values when none is, which the rules do not expect). */
function latestAboveUln(a: CardInput): EvidenceItem[] {
  const latest = withRole(a, 'latest');
  const above = latest.filter((e) => e.xUln !== undefined && e.xUln > 1);
  return above.length > 0 ? above : latest;
}

function valuesAfterColon(items: readonly EvidenceItem[], withDates = false): string {
  return items.length > 0 ? `: ${valuesText(items, withDates)}` : '';
}

/** "ALT 2.3×ULN, IgG 1.4×ULN": ALT, AST, IgG first, then by date; repeated identical values once. */
function valuesText(items: readonly EvidenceItem[], withDates = false): string {
  const sorted = [...items].sort((x, y) => rank(x.analyte) - rank(y.analyte) || compareText(x.date, y.date));
  const parts = sorted.map((e) =>
    withDates ? `${formatEvidenceValue(e)} on ${day(e.date)}` : formatEvidenceValue(e),
  );
  return [...new Set(parts)].join(', ');
}

function rank(analyte: AnalyteId): number {
  const i = ANALYTE_ORDER.indexOf(analyte);
  return i === -1 ? ANALYTE_ORDER.length : i;
}

/** "ALT 8.0×ULN at baseline, 5.9×ULN at week 4 (fell 26%)". */
function nonResponseValues(a: CardInput): string {
  const baseline = withRole(a, 'baseline')[0] ?? a.explanation.baseline;
  const week4 = withRole(a, 'week-4').find((e) => !baseline || e.analyte === baseline.analyte);
  if (!baseline || !week4) return '';
  const name = ANALYTE_LABEL[baseline.analyte];
  const both = baseline.xUln !== undefined && week4.xUln !== undefined;
  const from = both
    ? formatEvidenceAmount(baseline)
    : `${comparatorText(baseline.comparator)}${formatNumber(baseline.value)} ${baseline.unit}`;
  const to = both
    ? formatEvidenceAmount(week4)
    : `${comparatorText(week4.comparator)}${formatNumber(week4.value)} ${week4.unit}`;
  const fall = percentFall(baseline, week4);
  const change = fall === undefined ? '' : fall >= 0 ? ` (fell ${fall}%)` : ` (rose ${-fall}%)`;
  return `: ${name} ${from} at baseline, ${to} at week 4${change}`;
}

/**
 * The fall as the rule computes it (response.ts): on values when the units agree, else on ×ULN, from the
 * unrounded value and ULN. Rounded ×ULN would show a fall the rule did not find (5.00× → 2.50× is 50 %,
 * where 200 → 100.1 U/L is 49.95 %).
 */
function percentFall(baseline: EvidenceItem, week4: EvidenceItem): number | undefined {
  const sameUnit = baseline.unit === week4.unit;
  const from = sameUnit ? baseline.value : exactXUln(baseline);
  const to = sameUnit ? week4.value : exactXUln(week4);
  if (from === undefined || to === undefined || from <= 0) return undefined;
  return reportFallPercent((from - to) / from);
}

function exactXUln(e: EvidenceItem): number | undefined {
  return e.uln !== undefined && e.uln > 0 ? e.value / e.uln : e.xUln;
}

function insufficientDataHead(a: CardInput): string {
  const head = 'Insufficient data to assess response';
  if (a.missing.length === 0) return head;
  const prefix = `${head}: missing `;
  return prefix + listWithin(a.missing, SUMMARY_MAX_LENGTH - prefix.length);
}
