/**
 * Order-check findings as CDS Hooks 2.0 cards: summary < 140 characters, the rule with its id and
 * source, the deciding values, override reasons, and a suggestion where the check has one. Uuids
 * come from the patient, the as-of date and the card's content, as the assessment card's do.
 */
import { escapeMarkdown, fitSummary } from '../card/format.js';
import { overrideReasons } from '../card/override-reasons.js';
import type { CdsCard, CdsSuggestion } from '../types.js';
import { contentDigest, deterministicUuid } from '../uuid.js';
import { ORDER_CHECKS } from './catalogue.js';
import type { DecidingValue, OrderFinding } from './types.js';

export interface OrderCardOptions {
  patientId: string;
  asOf: string;
  uuid?: (seed: string) => string;
}

export function orderCards(findings: readonly OrderFinding[], options: OrderCardOptions): CdsCard[] {
  const uuid = options.uuid ?? deterministicUuid;
  return findings.map((finding) => {
    const entry = ORDER_CHECKS[finding.check];
    const summary = fitSummary(finding.summary, []);
    const detail = buildDetail(finding);
    const content = contentDigest(JSON.stringify({ summary, detail, suggestion: finding.suggestion }));
    const seed = ['order-card', options.patientId, options.asOf.slice(0, 10), finding.check, content];
    const suggestions: CdsSuggestion[] = finding.suggestion
      ? [
          {
            label: finding.suggestion.label,
            uuid: uuid(['order-suggestion', ...seed.slice(1)].join('|')),
            isRecommended: true,
            actions: finding.suggestion.actions.map((a) => ({ ...a })),
          },
        ]
      : [];
    return {
      uuid: uuid(seed.join('|')),
      summary,
      detail,
      indicator: finding.severity,
      source: { ...entry.source },
      ...(suggestions.length > 0 ? { suggestions, selectionBehavior: 'at-most-one' as const } : {}),
      overrideReasons: overrideReasons(),
    };
  });
}

function buildDetail(finding: OrderFinding): string {
  const entry = ORDER_CHECKS[finding.check];
  const lines = [
    `**${entry.title}** (order check \`${finding.check}\`): ${entry.rule}`,
    '',
    ...finding.reasons.map((r) => `- ${escapeMarkdown(r)}`),
  ];
  if (finding.draft) lines.push('', `Draft order: ${escapeMarkdown(finding.draft)}`);
  if (finding.deciding.length > 0) {
    lines.push('', '**Deciding values**', '');
    lines.push(...finding.deciding.map((d) => `- ${decidingLine(d)}`));
  }
  lines.push('', `Source: ${entry.source.label}`);
  return lines.join('\n');
}

function decidingLine(d: DecidingValue): string {
  const when = d.date ? ` (${d.date})` : '';
  const where = d.resource ? `, ${d.resource}` : '';
  return escapeMarkdown(`${d.label}: ${d.value}${when}${where}`);
}
