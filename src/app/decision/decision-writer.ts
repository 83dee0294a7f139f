/**
 * Connects the decision area to the write-back module: what this user may do (practitioner or
 * read-only), what this EHR takes (CapabilityStatement and granted scopes, per resource type), the
 * preview of each suggestion and its earlier proposal, and the write itself, once per decision.
 */
import type { Assessment } from '../../core/types.js';
import { parseCapabilities } from '../../fhir/capabilities.js';
import {
  buildAssessmentNote,
  DecisionLedger,
  executePlan,
  findPriorDecisions,
  NOTHING_WRITABLE,
  planDecision,
  writeAllowance,
  WritebackError,
  writerRole,
  type DecisionPlan,
  type FhirWriter,
  type WriteAllowance,
  type WritebackResult,
} from '../../fhir/writeback/index.js';
import { describeProblem } from '../errors.js';
import type { AppSession } from '../session.js';
import type { Decision, DecisionOptions, DecisionWriter, SuggestionPreview } from '../view-types.js';

/**
 * One ledger per SMART session: a double click, a retry or a reloaded assessment in the same session
 * never writes a decision twice; across sessions the decision identifiers do the same.
 */
const ledgers = new WeakMap<AppSession['fhir'], DecisionLedger<WritebackResult>>();

function ledgerOf(session: AppSession): DecisionLedger<WritebackResult> {
  let ledger = ledgers.get(session.fhir);
  if (!ledger) {
    ledger = new DecisionLedger<WritebackResult>();
    ledgers.set(session.fhir, ledger);
  }
  return ledger;
}

function previewOf(plan: DecisionPlan): SuggestionPreview {
  return {
    mode: plan.kind,
    drafts: plan.drafts,
    together: plan.drafts.length > 1,
    ...(plan.fallbackReason ? { fallbackReason: plan.fallbackReason } : {}),
  };
}

/** `now` is the app's clock, read at each decision for `authoredOn`/`date`. */
export function createDecisionWriter(
  session: AppSession,
  assessment: Assessment,
  now: () => Date = () => new Date(),
): DecisionWriter {
  const role = writerRole(session.fhirUser);
  const writer: FhirWriter = { request: (url) => session.fhir.request(url), post: session.fhir.post };
  const format = session.ehr === 'oracle' ? 'xhtml' : 'html';
  let allowance: Promise<WriteAllowance> | undefined;

  const findAllowance = (): Promise<WriteAllowance> => {
    allowance ??= session.fhir.request('metadata').then(
      (statement) => writeAllowance(parseCapabilities(statement), session.grantedScopes),
      (error: unknown) => {
        allowance = undefined;
        // An ended session must say so; any other unreadable CapabilityStatement allows nothing.
        if (describeProblem(error).kind === 'relaunch-required') throw error;
        return NOTHING_WRITABLE;
      },
    );
    return allowance;
  };

  const plan = (decision: Decision, found: WriteAllowance, fhirUser: string): DecisionPlan =>
    planDecision({
      assessment,
      decision,
      patientId: session.patientId,
      allowance: found,
      provenance: { fhirUser, now: now() },
      format,
    });

  return {
    async options(): Promise<DecisionOptions> {
      if (!role.canWrite) return { readOnly: role.why, previews: {}, earlier: {}, overrideMode: 'copy-text' };
      const found = await findAllowance();
      const previews: Record<string, SuggestionPreview> = {};
      for (const suggestion of assessment.card.suggestions ?? []) {
        previews[suggestion.uuid] = previewOf(
          plan({ kind: 'accept', suggestionUuid: suggestion.uuid }, found, role.fhirUser),
        );
      }
      const prior = await findPriorDecisions(writer, assessment, session.patientId, found);
      return {
        previews,
        earlier: Object.fromEntries(prior),
        overrideMode: found.canCreate('DocumentReference') ? 'note' : 'copy-text',
      };
    },
    async write(decision) {
      if (!role.canWrite) throw new WritebackError('read-only', role.why);
      const planned = plan(decision, await findAllowance(), role.fhirUser);
      const result = await executePlan(writer, planned, session.patientId, { ledger: ledgerOf(session) });
      return {
        mode: result.kind,
        written: result.written,
        alreadyThere: result.alreadyThere,
        text: result.text,
      };
    },
    textOf(decision) {
      return buildAssessmentNote(assessment, decision, { patientId: session.patientId, format: 'text' }).text;
    },
  };
}
