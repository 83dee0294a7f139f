/**
 * Connects the decision panel to the write-back module: the mode comes from the server's CapabilityStatement
 * and the granted scopes; each decision is written once (the module keeps repeated calls idempotent).
 */
import type { Assessment } from '../../core/types.js';
import {
  chooseWritebackMode,
  DecisionLedger,
  writeDecision,
  type WritebackResult,
} from '../../fhir/writeback/index.js';
import { describeProblem } from '../errors.js';
import type { AppSession } from '../session.js';
import type { DecisionWriter, WritebackMode } from '../view-types.js';

/**
 * One ledger per SMART session: a double click, a retry or a reloaded assessment in the same session
 * never writes a decision twice, while a new launch (another patient, another user) starts clean.
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

export function createDecisionWriter(session: AppSession, assessment: Assessment): DecisionWriter {
  let known: WritebackMode | undefined;
  const findMode = async (): Promise<WritebackMode> => {
    if (known) return known;
    try {
      known = chooseWritebackMode(await session.fhir.request('metadata'), session.grantedScopes);
    } catch (error) {
      // An ended session must say so; any other unreadable CapabilityStatement falls back to text to copy.
      if (describeProblem(error).kind === 'relaunch-required') throw error;
      known = 'copy-text';
    }
    return known;
  };
  return {
    mode: findMode,
    async write(decision) {
      const result = await writeDecision(session.fhir, await findMode(), {
        assessment,
        decision,
        patientId: session.patientId,
        format: session.ehr === 'oracle' ? 'xhtml' : 'html',
        ledger: ledgerOf(session),
      });
      return {
        mode: result.mode,
        text: result.text,
        where: result.where,
        ...(result.resourceRef ? { resourceRef: result.resourceRef } : {}),
      };
    },
  };
}
