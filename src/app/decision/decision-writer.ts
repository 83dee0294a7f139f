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

type DecisionKind = 'accept' | 'override';

export function createDecisionWriter(session: AppSession, assessment: Assessment): DecisionWriter {
  const known = new Map<DecisionKind, WritebackMode>();
  let capabilityStatement: Promise<unknown> | undefined;
  const findMode = async (kind: DecisionKind = 'accept'): Promise<WritebackMode> => {
    const cached = known.get(kind);
    if (cached) return cached;
    let mode: WritebackMode;
    try {
      capabilityStatement ??= session.fhir.request('metadata');
      mode = chooseWritebackMode(await capabilityStatement, session.grantedScopes, kind);
    } catch (error) {
      capabilityStatement = undefined;
      // An ended session must say so; any other unreadable CapabilityStatement falls back to text to copy.
      if (describeProblem(error).kind === 'relaunch-required') throw error;
      mode = 'copy-text';
    }
    known.set(kind, mode);
    return mode;
  };
  return {
    mode: () => findMode('accept'),
    async write(decision) {
      const result = await writeDecision(session.fhir, await findMode(decision.kind), {
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
