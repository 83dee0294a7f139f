/** Recording the clinician's decision in the EHR, as far as the EHR allows. */
export { buildAssessmentNote, type AssessmentNote, type NoteFormat } from './assessment-note.js';
export {
  executePlan,
  findByIdentifier,
  type FhirWriter,
  type WritebackResult,
  type WrittenResource,
} from './execute.js';
export { planDecision, type DecisionPlan, type PlanInput, type PlanKind, type PlannedWrite } from './plan.js';
export { findPriorDecisions, type PriorDecision } from './prior-decisions.js';
export { writeAllowance, NOTHING_WRITABLE, type WriteAllowance } from './writable.js';
export { writerRole, type WriterRole } from './writer-role.js';
export { DRAFT_STATUS_TEXT, describeDraft } from './preview.js';
export { DecisionLedger } from './ledger.js';
export { WritebackError, type Decision, type WritebackErrorKind } from './decision.js';
export { DECISION_IDENTIFIER_SYSTEM } from '../../core/decision-id.js';
export { canCreate } from './scopes.js';
