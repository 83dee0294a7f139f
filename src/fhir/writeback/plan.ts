/**
 * The plan of a decision, before anything is sent (design.md §write-back: a plan first, then an
 * executor): which resources, with which identifiers, as one transaction or one by one, or the
 * note, or text to copy. The app shows the plan as the preview, so what the clinician reads before
 * Accept is what the executor writes.
 *
 * Accepting a suggestion writes all its drafts where every one of their types can be created (and,
 * for more than one, the server takes a transaction, so both or neither land); otherwise one note
 * holding all of them; otherwise the text to copy. Never one draft of a pair without the other.
 */
import type { Assessment } from '../../core/types.js';
import { buildAssessmentNote, type NoteFormat } from './assessment-note.js';
import { acceptedSuggestion, type Decision } from './decision.js';
import {
  acceptNoteIdentifier,
  actionIdentifier,
  overrideNoteIdentifier,
  type DecisionIdentifier,
} from './identifiers.js';
import { describeDraft } from './preview.js';
import { draftResource, noteDocument, type FhirResource, type Provenance } from './resources.js';
import type { WriteAllowance } from './writable.js';

export type PlanKind = 'drafts' | 'note' | 'copy-text';

export interface PlannedWrite {
  resource: FhirResource;
  identifier: DecisionIdentifier;
  /** Sent with `If-None-Exist` (the server declares conditional create for the type). */
  conditional: boolean;
  /** The resource in words. */
  summary: string;
}

export interface DecisionPlan {
  kind: PlanKind;
  /** More than one draft: sent as one `transaction` Bundle. */
  transaction: boolean;
  writes: PlannedWrite[];
  /** The suggestion's drafts in words, whatever this EHR gets (the note and the text name them too). */
  drafts: string[];
  /** The note as plain text: what is written as the note, or given to copy. */
  text: string;
  /** Why the drafts cannot be written here, in the clinician's words (note and copy-text plans). */
  fallbackReason?: string;
}

export interface PlanInput {
  assessment: Assessment;
  decision: Decision;
  patientId: string;
  allowance: WriteAllowance;
  provenance: Provenance;
  format: NoteFormat;
  authorDisplay?: string;
}

const TYPE_WORDS: Record<string, string> = {
  MedicationRequest: 'draft medication orders',
  ServiceRequest: 'draft laboratory requests',
};

function whyNoDrafts(types: string[], allowance: WriteAllowance): string {
  const refused = types.filter((type) => !allowance.canCreate(type));
  if (refused.length > 0) {
    const words = [...new Set(refused.map((type) => TYPE_WORDS[type] ?? `${type} resources`))];
    return `This EHR does not accept ${words.join(' or ')} from AIH Navigator.`;
  }
  return 'This EHR cannot take both drafts together in one transaction, and one must never be written without the other.';
}

function acceptDrafts(input: PlanInput, suggestionUuid: string): PlannedWrite[] {
  const suggestion = acceptedSuggestion(input.assessment, suggestionUuid);
  return suggestion.actions.flatMap((action, index) => {
    if (action.type !== 'create' || !action.resource || typeof action.resource.resourceType !== 'string') {
      return [];
    }
    const identifier = actionIdentifier(input.patientId, suggestion, action.resource, index);
    const resource = draftResource(action.resource, input.patientId, identifier, input.provenance);
    return [
      {
        resource,
        identifier,
        conditional: input.allowance.conditional(resource.resourceType),
        summary: describeDraft(resource),
      },
    ];
  });
}

function noteIdentifier(input: PlanInput): DecisionIdentifier {
  const { decision, assessment } = input;
  return decision.kind === 'accept'
    ? acceptNoteIdentifier(input.patientId, acceptedSuggestion(assessment, decision.suggestionUuid))
    : overrideNoteIdentifier(assessment, decision.reasonCode);
}

export function planDecision(input: PlanInput): DecisionPlan {
  const { assessment, decision, allowance } = input;
  const noteOptions = {
    patientId: input.patientId,
    ...(input.authorDisplay ? { authorDisplay: input.authorDisplay } : {}),
  };
  const { text } = buildAssessmentNote(assessment, decision, { ...noteOptions, format: 'text' });
  const drafts = decision.kind === 'accept' ? acceptDrafts(input, decision.suggestionUuid) : [];
  const summaries = drafts.map((write) => write.summary);
  const types = drafts.map((write) => write.resource.resourceType);
  const draftsFit =
    drafts.length > 0 &&
    types.every((type) => allowance.canCreate(type)) &&
    (drafts.length === 1 || allowance.transactions);
  if (draftsFit) {
    return { kind: 'drafts', transaction: drafts.length > 1, writes: drafts, drafts: summaries, text };
  }
  const fallbackReason = drafts.length > 0 ? whyNoDrafts(types, allowance) : undefined;
  const reason = fallbackReason ? { fallbackReason } : {};
  if (allowance.canCreate('DocumentReference')) {
    const note = buildAssessmentNote(assessment, decision, { ...noteOptions, format: input.format });
    const identifier = noteIdentifier(input);
    const resource = noteDocument(note, input.patientId, identifier, input.provenance);
    const write: PlannedWrite = {
      resource,
      identifier,
      conditional: allowance.conditional('DocumentReference'),
      summary: 'Clinical note (progress note, preliminary until you sign it in the EHR)',
    };
    return { kind: 'note', transaction: false, writes: [write], drafts: summaries, text, ...reason };
  }
  return { kind: 'copy-text', transaction: false, writes: [], drafts: summaries, text, ...reason };
}
