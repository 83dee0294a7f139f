/**
 * Accept a suggestion or override the card with a reason. One decision per assessment: buttons are
 * disabled while a write is in flight and after it succeeded, and a ref guards against a double click
 * that lands before React re-renders.
 */
import { useEffect, useRef, useState } from 'react';
import type { CdsCard } from '../../core/types.js';
import { describeProblem } from '../errors.js';
import type { Decision, DecisionWriter, WritebackMode, WriteOutcome } from '../view-types.js';
import { OverrideForm } from './OverrideForm.js';
import { WriteResult } from './WriteResult.js';

const MODE_TEXT: Record<WritebackMode, string> = {
  'medication-request':
    'Accepting creates a draft medication order (a proposal) in the EHR; it still needs to be reviewed and signed there.',
  'document-reference': 'Accepting or overriding writes a clinical note with this assessment to the chart.',
  'copy-text':
    'The EHR does not accept notes or orders from AIH Navigator: you will get the text to copy into your note.',
};

/** The write-back module words its own errors for the clinician; anything else gets a safe generic line. */
function failureMessage(error: unknown): string {
  const problem = describeProblem(error);
  if (problem.kind === 'relaunch-required') return problem.message;
  if (error instanceof Error && error.name === 'WritebackError') return error.message;
  return 'The EHR did not accept the decision. Nothing was recorded; you can try again.';
}

function failedPhase(error: unknown): Phase {
  const final = describeProblem(error).kind === 'relaunch-required';
  return { kind: 'failed', message: failureMessage(error), final };
}

type Phase =
  | { kind: 'idle' }
  | { kind: 'writing'; decision: Decision }
  | { kind: 'done'; outcome: WriteOutcome; decision: Decision }
  /** `final`: the session ended; only a relaunch helps, so the buttons stay disabled. */
  | { kind: 'failed'; message: string; final: boolean };

export function DecisionPanel({ card, writer }: { card: CdsCard; writer: DecisionWriter }) {
  const [mode, setMode] = useState<WritebackMode | 'unknown'>();
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const inFlight = useRef(false);

  useEffect(() => {
    let current = true;
    writer
      .mode()
      .then((found) => current && setMode(found))
      .catch((error: unknown) => {
        if (!current) return;
        setMode('unknown');
        if (describeProblem(error).kind === 'relaunch-required') {
          setPhase(failedPhase(error));
        }
      });
    return () => {
      current = false;
    };
  }, [writer]);

  async function record(decision: Decision): Promise<void> {
    if (inFlight.current || phase.kind === 'done') return;
    inFlight.current = true;
    setPhase({ kind: 'writing', decision });
    try {
      const outcome = await writer.write(decision);
      setPhase({ kind: 'done', outcome, decision });
    } catch (error) {
      setPhase(failedPhase(error));
    } finally {
      inFlight.current = false;
    }
  }

  const locked =
    phase.kind === 'writing' || phase.kind === 'done' || (phase.kind === 'failed' && phase.final);
  const suggestions = card.suggestions ?? [];
  return (
    <section className="decision" aria-labelledby="decision-heading">
      <h3 id="decision-heading">Your decision</h3>
      <p className="mode-text">
        {mode === undefined
          ? 'Checking what the EHR allows AIH Navigator to record…'
          : mode === 'unknown'
            ? 'Could not check what the EHR accepts; AIH Navigator will try and tell you the result.'
            : MODE_TEXT[mode]}
      </p>
      {suggestions.length > 0 && (
        <ul className="suggestions">
          {suggestions.map((suggestion) => (
            <li key={suggestion.uuid}>
              <button
                type="button"
                disabled={locked || mode === undefined}
                aria-describedby="decision-heading"
                onClick={() => void record({ kind: 'accept', suggestionUuid: suggestion.uuid })}
              >
                Accept: {suggestion.label}
              </button>
              {suggestion.isRecommended ? <span className="recommended"> (first choice)</span> : null}
            </li>
          ))}
        </ul>
      )}
      {card.overrideReasons && card.overrideReasons.length > 0 && (
        <OverrideForm
          reasons={card.overrideReasons}
          disabled={locked || mode === undefined}
          onSubmit={(reasonCode, comment) =>
            void record({ kind: 'override', reasonCode, ...(comment ? { comment } : {}) })
          }
        />
      )}
      <div aria-live="polite">
        {phase.kind === 'writing' && <p role="status">Recording your decision in the EHR…</p>}
        {phase.kind === 'done' && <WriteResult outcome={phase.outcome} decision={phase.decision} />}
      </div>
      {phase.kind === 'failed' && (
        <p role="alert" className="error-text">
          {phase.message}
        </p>
      )}
    </section>
  );
}
