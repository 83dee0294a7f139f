/**
 * On launch: which of the card's suggestions were accepted before (in this app, on another device, or
 * from the CDS Hooks card), found by their decision identifiers, so the screen shows "Proposed on DATE
 * (MedicationRequest/ID)" instead of an Accept button. A type the app may not search is not looked
 * for; the executor still checks before writing.
 */
import type { Assessment } from '../../core/types.js';
import { readBundlePage } from '../load/bundle-page.js';
import type { FhirWriter } from './execute.js';
import { acceptNoteIdentifier, actionIdentifier, carriesIdentifier, identifierToken } from './identifiers.js';
import type { DecisionIdentifier } from './identifiers.js';
import type { WriteAllowance } from './writable.js';

export interface PriorDecision {
  /** `Type/id` of the earlier write. */
  ref: string;
  /** Day it was proposed (YYYY-MM-DD), when the resource says. */
  date?: string;
}

interface Wanted {
  suggestionUuid: string;
  type: string;
  identifier: DecisionIdentifier;
}

function wantedFor(assessment: Assessment, patientId: string): Wanted[] {
  return (assessment.card.suggestions ?? []).flatMap((suggestion) => [
    ...suggestion.actions.flatMap((action, index) =>
      action.resource && typeof action.resource.resourceType === 'string'
        ? [
            {
              suggestionUuid: suggestion.uuid,
              type: action.resource.resourceType,
              identifier: actionIdentifier(patientId, suggestion, action.resource, index),
            },
          ]
        : [],
    ),
    {
      suggestionUuid: suggestion.uuid,
      type: 'DocumentReference',
      identifier: acceptNoteIdentifier(patientId, suggestion),
    },
  ]);
}

function dateOf(resource: Record<string, unknown>): string | undefined {
  const meta = resource.meta as { lastUpdated?: unknown } | undefined;
  const value = [resource.authoredOn, resource.date, meta?.lastUpdated].find((v) => typeof v === 'string');
  return typeof value === 'string' ? value.slice(0, 10) : undefined;
}

/** Suggestion uuid → its earlier write. Searches that fail are skipped: the executor checks again. */
export async function findPriorDecisions(
  writer: FhirWriter,
  assessment: Assessment,
  patientId: string,
  allowance: WriteAllowance,
): Promise<Map<string, PriorDecision>> {
  const wanted = wantedFor(assessment, patientId).filter((w) => allowance.canSearch(w.type));
  const byType = new Map<string, Wanted[]>();
  for (const w of wanted) byType.set(w.type, [...(byType.get(w.type) ?? []), w]);
  const found = new Map<string, PriorDecision>();
  await Promise.all(
    [...byType].map(async ([type, list]) => {
      const tokens = list.map((w) => identifierToken(w.identifier)).join(',');
      let resources: unknown[] = [];
      try {
        const page = readBundlePage(
          await writer.request(
            `${type}?patient=${encodeURIComponent(patientId)}&identifier=${encodeURIComponent(tokens)}`,
          ),
        );
        resources = page?.resources ?? [];
      } catch {
        return;
      }
      for (const w of list) {
        const match = resources.find((r) => carriesIdentifier(r, w.identifier)) as
          Record<string, unknown> | undefined;
        if (!match || typeof match.id !== 'string' || found.has(w.suggestionUuid)) continue;
        const date = dateOf(match);
        found.set(w.suggestionUuid, { ref: `${type}/${match.id}`, ...(date ? { date } : {}) });
      }
    }),
  );
  return found;
}
