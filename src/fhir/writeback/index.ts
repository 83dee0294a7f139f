/** Recording the clinician's decision in the EHR, as far as the EHR allows. */
export { chooseWritebackMode, type WritebackMode } from './choose-mode.js';
export { buildAssessmentNote, type AssessmentNote, type NoteFormat } from './assessment-note.js';
export {
  writeDecision,
  type DecisionRequest,
  type FhirWriter,
  type WritebackResult,
} from './write-decision.js';
export { DecisionLedger } from './ledger.js';
export {
  WritebackError,
  DECISION_IDENTIFIER_SYSTEM,
  type Decision,
  type WritebackErrorKind,
} from './decision.js';
export { canCreate } from './scopes.js';
