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

export type WritebackMode = 'medication-request' | 'document-reference' | 'copy-text';

export type Decision =
  { kind: 'accept'; suggestionUuid: string } | { kind: 'override'; reasonCode: string; comment?: string };

export interface WriteOutcome {
  mode: WritebackMode;
  /** `ResourceType/id` of what was created; absent for copy-text. */
  resourceRef?: string;
  text: string;
  /** Where it went, in the clinician's words (from the write-back module). */
  where?: string;
}

/** Records a clinician's decision the best way the EHR allows (draft order, note, or text to copy). */
export interface DecisionWriter {
  mode(): Promise<WritebackMode>;
  write(decision: Decision): Promise<WriteOutcome>;
}
