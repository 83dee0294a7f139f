/**
 * Formatting for the card: ×ULN values, numbers, Markdown escaping of record data, and fitting the
 * summary under the CDS Hooks limit of 140 characters.
 */
import { reportXUln } from '../report-round.js';
import type { EvidenceItem } from '../types.js';
import { ANALYTE_LABEL } from './labels.js';

/** CDS Hooks: the summary is shorter than 140 characters. */
export const SUMMARY_MAX_LENGTH = 139;

/**
 * ×ULN with one decimal, or two where one decimal would put the value on a threshold it is not on
 * (1.04 shows as 1.04, not 1.0, so "above the ULN" never reads as "at the ULN"). The guard is the
 * core's one rounding rule (report-round.ts), so card and evidence never disagree.
 */
export function formatXUln(xUln: number): string {
  const oneDecimal = reportXUln(xUln, 1);
  if (oneDecimal === Math.round(xUln * 10) / 10) return `${oneDecimal.toFixed(1)}×ULN`;
  return `${reportXUln(xUln, 2).toFixed(2)}×ULN`;
}

/** A measured value without trailing zeros beyond what the value carries (max 2 decimals). */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(2)));
}

/** "ALT 2.3×ULN" (">2.0×ULN" for a result reported as a bound), or the value and unit without a ULN. */
export function formatEvidenceValue(item: EvidenceItem): string {
  return `${ANALYTE_LABEL[item.analyte]} ${formatEvidenceAmount(item)}`;
}

/** The ×ULN or the value and unit of an evidence item, with its comparator. */
export function formatEvidenceAmount(item: EvidenceItem): string {
  const bound = comparatorText(item.comparator);
  return item.xUln !== undefined
    ? `${bound}${formatXUln(item.xUln)}`
    : `${bound}${formatNumber(item.value)} ${item.unit}`;
}

const COMPARATOR_TEXT = { '<': '<', '<=': '≤', '>=': '≥', '>': '>' } as const;

/** A reported comparator as it reads in text: "<", "≤", "≥", ">" (nothing without one). */
export function comparatorText(comparator: EvidenceItem['comparator']): string {
  return comparator === undefined ? '' : COMPARATOR_TEXT[comparator];
}

/** Any character escapeMarkdown changes. */
const MARKUP_OR_BREAK = /[\\`*_[\]|~<\n]/;

/**
 * Escapes text taken from the record (messages, references, units) so it shows literally in
 * GitHub-flavoured Markdown and cannot inject links, emphasis, tables or HTML into the card. Only
 * characters that can start markup mid-line are escaped, so clients that render Markdown poorly
 * show few backslashes; the text always sits after a list marker, never at the start of a line.
 */
export function escapeMarkdown(text: string): string {
  // Most record text (references, units) holds none of them: one search instead of three replacements.
  if (!MARKUP_OR_BREAK.test(text)) return text;
  return text
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/</g, '&lt;')
    .replace(/\r?\n/g, ' ');
}

/** Calendar date part of an ISO date or dateTime. */
export function day(date: string): string {
  return date.slice(0, 10);
}

/**
 * The summary: the head (state and deciding values), then as many tails as fit in priority order.
 * A head that is too long on its own is cut with an ellipsis.
 */
export function fitSummary(head: string, tails: readonly string[]): string {
  let summary =
    head.length > SUMMARY_MAX_LENGTH ? `${head.slice(0, SUMMARY_MAX_LENGTH - 1).trimEnd()}…` : head;
  for (const tail of tails) {
    const candidate = `${summary}; ${tail}`;
    if (candidate.length <= SUMMARY_MAX_LENGTH) summary = candidate;
  }
  return summary;
}

/** Joins items with ", " within a character budget, ending with "and N more" for the rest. */
export function listWithin(items: readonly string[], budget: number): string {
  for (let shown = items.length; shown > 0; shown--) {
    const rest = items.length - shown;
    const text = items.slice(0, shown).join(', ') + (rest > 0 ? ` and ${rest} more` : '');
    if (text.length <= budget) return text;
  }
  const first = items[0] ?? '';
  const more = items.length > 1 ? ` and ${items.length - 1} more` : '';
  const room = Math.max(budget - more.length - 1, 0);
  return `${first.slice(0, room).trimEnd()}…${more}`;
}
