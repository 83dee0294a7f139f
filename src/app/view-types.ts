/** What the screen renders after a load: the assessment, the values for the chart, and how the load went. */
import type {
  Assessment,
  DataQualityNote,
  LoadGap,
  MedicationExposure,
  NormalisedValue,
} from '../core/types.js';
import type { BannerData } from './banner-data.js';

/** One request of the load, as the diagnostics panel shows it (no patient data). */
export type { RequestLogEntry as RequestLogLine } from '../fhir/load/types.js';
import type { RequestLogEntry as RequestLogLine } from '../fhir/load/types.js';

export interface AssessmentView {
  assessment: Assessment;
  values: NormalisedValue[];
  /** The medication records the assessment was made from, for the medication table. */
  medications?: MedicationExposure[];
  /** The loader's notes; the assessment carries the mapper's and the normalisation's. */
  notes: DataQualityNote[];
  gaps: LoadGap[];
  log: RequestLogLine[];
  banner?: BannerData;
}

/** How a decision reaches the EHR: the suggestion's drafts, a clinical note, or text to copy. */
export type WritebackMode = 'drafts' | 'note' | 'copy-text';

export type Decision =
  { kind: 'accept'; suggestionUuid: string } | { kind: 'override'; reasonCode: string; comment?: string };

/** What Accept of one suggestion will write here, in words, shown before the clinician decides. */
export interface SuggestionPreview {
  mode: WritebackMode;
  /** The suggestion's drafts in words (drug, dose text, draft status). */
  drafts: string[];
  /** More than one draft, written together or not at all. */
  together: boolean;
  /** Why this EHR gets a note or text instead of the drafts. */
  fallbackReason?: string;
}

export interface EarlierProposal {
  /** `Type/id` of the earlier write. */
  ref: string;
  date?: string;
}

/** Everything the decision area needs before the clinician acts. */
export interface DecisionOptions {
  /** Absent: this user may record decisions; otherwise why the app is read-only. */
  readOnly?: string;
  /** Suggestion uuid → what Accept writes. */
  previews: Record<string, SuggestionPreview>;
  /** Suggestion uuid → its earlier write (accepted before, here or elsewhere). */
  earlier: Record<string, EarlierProposal>;
  /** How an override is recorded. */
  overrideMode: WritebackMode;
}

export interface WriteOutcome {
  mode: WritebackMode;
  /** What is in the EHR now, each `Type/id` with the resource in words (empty for copy-text). */
  written: { ref?: string; summary: string }[];
  /** Found from an earlier accept; nothing new was created. */
  alreadyThere: boolean;
  /** The note as plain text: what was written as the note, or what to copy. */
  text: string;
}

/** Records a clinician's decision the best way the EHR allows (drafts, note, or text to copy). */
export interface DecisionWriter {
  options(): Promise<DecisionOptions>;
  write(decision: Decision): Promise<WriteOutcome>;
  /** The note text of a decision, for copying when a write failed. */
  textOf(decision: Decision): string;
}
