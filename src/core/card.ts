/**
 * The CDS Hooks 2.0 card of an assessment (clinical-rules.md §8). The same card comes out of the
 * app, the CLI and the CDS Hooks service: uuids are derived from the patient, the as-of date and the
 * card's content, never from a clock or a random source. The SMART link is left out of the uuid seed,
 * so a card with the link (CDS Hooks service) has the same uuid as the card without it (CLI).
 */
import { buildDetail } from './card/detail.js';
import { day } from './card/format.js';
import { cardIndicator } from './card/indicator.js';
import { overrideReasons } from './card/override-reasons.js';
import { buildSuggestions } from './card/suggestions.js';
import { buildSummary } from './card/summary.js';
import { RULES_VERSION } from './types.js';
import type { AssessOptions, Assessment, CdsCard } from './types.js';
import { contentDigest, deterministicUuid } from './uuid.js';

export { cardIndicator } from './card/indicator.js';
export { OVERRIDE_REASON_SYSTEM, OVERRIDE_REASON_DISPLAY, overrideReasons } from './card/override-reasons.js';

export const CARD_SOURCE = {
  label: 'EASL Clinical Practice Guidelines: autoimmune hepatitis (2025)',
  url: 'https://doi.org/10.1016/j.jhep.2025.03.017',
} as const;

export const APP_LINK_LABEL = 'Open AIH Navigator';

export function buildCard(
  a: Omit<Assessment, 'card'>,
  options: AssessOptions & { patientId: string },
): CdsCard {
  const uuid = options.uuid ?? deterministicUuid;
  const asOf = day(options.asOf);
  const suggestions = buildSuggestions(a, { patientId: options.patientId, asOf, uuid });
  const summary = buildSummary(a);
  const detail = buildDetail(a);
  const indicator = cardIndicator(a);
  const content = contentDigest(JSON.stringify({ summary, detail, indicator, suggestions }));
  return {
    uuid: uuid(['card', options.patientId, asOf, RULES_VERSION, content].join('|')),
    summary,
    ...(detail ? { detail } : {}),
    indicator,
    source: { ...CARD_SOURCE },
    ...(suggestions.length > 0 ? { suggestions, selectionBehavior: 'at-most-one' as const } : {}),
    overrideReasons: overrideReasons(),
    ...(options.appLaunchUrl
      ? { links: [{ label: APP_LINK_LABEL, url: options.appLaunchUrl, type: 'smart' as const }] }
      : {}),
  };
}
