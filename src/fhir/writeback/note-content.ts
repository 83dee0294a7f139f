/**
 * What the chart note says, independent of its format: the state and why, the deciding results, the
 * recommendations, safety flags and the clinician's decision (clinical-rules.md §8–9).
 */
import { comparatorText, day, formatEvidenceValue, formatNumber } from '../../core/card/format.js';
import { FLAG_TEXT, QUALIFIER_TEXT, STATE_LABEL } from '../../core/card/labels.js';
import type { Assessment, EvidenceItem } from '../../core/types.js';
import { describeDraft } from './preview.js';
import { acceptedSuggestion, overrideDisplay, type Decision } from './decision.js';

export interface NoteSection {
  heading: string;
  lines: string[];
}

export interface NoteContent {
  title: string;
  sections: NoteSection[];
}

const ULN_SOURCE: Record<string, string> = {
  lab: 'laboratory range',
  'lab-text': 'laboratory range text',
  default: 'default ULN',
};

function evidenceLine(item: EvidenceItem): string {
  const uln =
    item.uln !== undefined
      ? `, ULN ${formatNumber(item.uln)} (${ULN_SOURCE[item.ulnSource ?? ''] ?? 'source unknown'})`
      : '';
  const bound = comparatorText(item.comparator);
  return `${day(item.date)}: ${formatEvidenceValue(item)} (${bound}${formatNumber(item.value)} ${item.unit}${uln})`;
}

function decisionLines(assessment: Assessment, decision: Decision, author: string | undefined): string[] {
  const by = author ? ` by ${author}` : '';
  if (decision.kind === 'accept') {
    const suggestion = acceptedSuggestion(assessment, decision.suggestionUuid);
    // The drafts in the same words as the preview, so a note says exactly what was proposed.
    const actions = suggestion.actions.map((action) =>
      action.resource && typeof action.resource.resourceType === 'string'
        ? `${describeDraft({ ...action.resource, resourceType: action.resource.resourceType })}. ${action.description}`
        : action.description,
    );
    return [`Suggestion accepted${by}: ${suggestion.label}.`, ...actions];
  }
  const comment = decision.comment?.trim() ? [`Comment: ${decision.comment.trim()}`] : [];
  return [
    `Suggestion not followed${by}. Reason: ${overrideDisplay(assessment, decision.reasonCode)}.`,
    ...comment,
  ];
}

function recommendationLines(assessment: Assessment): string[] {
  return assessment.recommendations.map((r) =>
    r.status === 'suggested'
      ? `${r.title} (${r.grade}; ${r.source})`
      : `Not suggested: ${r.title} (because of ${r.blockedBy.join(', ')})`,
  );
}

export function noteContent(assessment: Assessment, decision: Decision, authorDisplay?: string): NoteContent {
  const { explanation } = assessment;
  const state = [
    `${STATE_LABEL[assessment.response]}. ${explanation.text}`,
    ...assessment.qualifiers.map((q) => QUALIFIER_TEXT[q]),
    ...(explanation.regimen.length > 0 ? [`Current regimen: ${explanation.regimen.join(', ')}.`] : []),
  ];
  const sections: NoteSection[] = [
    {
      heading: `Assessment as of ${assessment.asOf} (rules version ${assessment.rulesVersion})`,
      lines: state,
    },
    { heading: 'Decision', lines: decisionLines(assessment, decision, authorDisplay) },
    { heading: 'Deciding results', lines: assessment.evidence.map(evidenceLine) },
    { heading: 'Guideline-based options', lines: recommendationLines(assessment) },
    { heading: 'Safety', lines: assessment.safetyFlags.map((flag) => FLAG_TEXT[flag]) },
    {
      heading: 'Missing or uncertain data',
      lines: [...assessment.missing, ...assessment.dataQuality.map((n) => n.message)],
    },
  ];
  sections.push({
    heading: 'About this note',
    lines: [
      `Decision support from AIH Navigator, based on ${assessment.card.source.label}. The treating clinician made the decision recorded here.`,
    ],
  });
  return {
    title: 'AIH Navigator: autoimmune hepatitis treatment assessment',
    sections: sections.filter((section) => section.lines.length > 0),
  };
}
