/**
 * Accept a suggestion or override the card with a reason. Before anything is written the panel says,
 * per suggestion, exactly what Accept writes at this EHR; a suggestion proposed before shows where
 * instead of a button. One decision per assessment: a ref guards against a double click that lands
 * before React re-renders, and a write that failed for good (session ended, refused) is not offered
 * again: its text is shown to copy instead. Focus moves to the result, inside the decision area.
 */
import { useEffect, useRef, useState } from 'react';
import type { CdsCard } from '../../core/types.js';
import { describeProblem } from '../errors.js';
import type { Decision, DecisionOptions, DecisionWriter, WriteOutcome } from '../view-types.js';
import { CopyText } from './CopyText.js';
import { OverrideForm } from './OverrideForm.js';
import { SuggestionPreview } from './SuggestionPreview.js';
import { WriteResult } from './WriteResult.js';

type Phase =
  | { kind: 'idle' }
  | { kind: 'writing'; decision: Decision }
  | { kind: 'done'; outcome: WriteOutcome; decision: Decision }
  /** `final`: retrying would fail the same way, so the buttons stay disabled and the text is given. */
  | { kind: 'failed'; message: string; final: boolean; text?: string };

/** Only a write whose result is unknown (time-out, server error) may be tried again: it checks first. */
function failedPhase(error: unknown, text: string): Phase {
  const kind =
    error instanceof Error && error.name === 'WritebackError'
      ? (error as Error & { kind?: string }).kind
      : undefined;
  if (kind === 'unconfirmed') return { kind: 'failed', message: (error as Error).message, final: false };
  const message =
    error instanceof Error && error.name === 'WritebackError'
      ? error.message
      : describeProblem(error).kind === 'relaunch-required'
        ? 'Your session with the EHR has ended, and nothing was recorded. Copy the text below into the chart, or relaunch AIH Navigator.'
        : 'The EHR did not accept the decision, and nothing was recorded. Copy the text below into the chart.';
  return { kind: 'failed', message, final: true, text };
}

function modeSentence(options: DecisionOptions | 'unknown' | undefined, count: number): string {
  if (options === undefined) return 'Checking what this EHR lets AIH Navigator record…';
  if (options === 'unknown')
    return 'Could not check what this EHR accepts; AIH Navigator will try and tell you the result.';
  const modes = new Set(Object.values(options.previews).map((p) => p.mode));
  if (count === 0 || modes.size === 0) return '';
  if (modes.size > 1) return 'What Accept records differs by suggestion here: each says what it writes.';
  const [mode] = [...modes];
  if (mode === 'drafts')
    return 'Accept writes the suggestion’s draft proposal to the EHR; it still needs to be reviewed and signed there.';
  if (mode === 'note')
    return 'This EHR takes no draft orders from AIH Navigator: Accept writes a clinical note instead.';
  return 'This EHR accepts neither drafts nor notes from AIH Navigator: you get the text to copy into your note.';
}

export function DecisionPanel({ card, writer }: { card: CdsCard; writer: DecisionWriter }) {
  const [options, setOptions] = useState<DecisionOptions | 'unknown'>();
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const inFlight = useRef(false);
  const resultRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let current = true;
    writer
      .options()
      .then((found) => current && setOptions(found))
      .catch((error: unknown) => {
        if (!current) return;
        setOptions('unknown');
        if (describeProblem(error).kind === 'relaunch-required') setPhase(failedPhase(error, ''));
      });
    return () => {
      current = false;
    };
  }, [writer]);

  useEffect(() => {
    if (phase.kind === 'done' || phase.kind === 'failed') resultRef.current?.focus();
  }, [phase.kind]);

  async function record(decision: Decision): Promise<void> {
    if (inFlight.current || phase.kind === 'done' || (phase.kind === 'failed' && phase.final)) return;
    inFlight.current = true;
    setPhase({ kind: 'writing', decision });
    try {
      setPhase({ kind: 'done', outcome: await writer.write(decision), decision });
    } catch (error) {
      setPhase(failedPhase(error, writer.textOf(decision)));
    } finally {
      inFlight.current = false;
    }
  }

  const suggestions = card.suggestions ?? [];
  if (typeof options === 'object' && options.readOnly) {
    return (
      <section className="decision" aria-labelledby="decision-heading">
        <h3 id="decision-heading">Decision</h3>
        <p className="read-only">{options.readOnly}</p>
      </section>
    );
  }
  const locked =
    options === undefined ||
    phase.kind === 'writing' ||
    phase.kind === 'done' ||
    (phase.kind === 'failed' && phase.final);
  const ready = typeof options === 'object' ? options : undefined;
  return (
    <section className="decision" aria-labelledby="decision-heading">
      <h3 id="decision-heading">Your decision</h3>
      <p className="mode-text">{modeSentence(options, suggestions.length)}</p>
      {suggestions.length > 0 && (
        <ul className="suggestions">
          {suggestions.map((suggestion) => {
            const earlier = ready?.earlier[suggestion.uuid];
            const preview = ready?.previews[suggestion.uuid];
            const previewId = `preview-${suggestion.uuid}`;
            if (earlier) {
              return (
                <li key={suggestion.uuid} className="proposed">
                  <strong>{suggestion.label}</strong>: Proposed on {earlier.date ?? 'an earlier day'} (
                  <code>{earlier.ref}</code>).
                </li>
              );
            }
            return (
              <li key={suggestion.uuid}>
                <button
                  type="button"
                  disabled={locked}
                  aria-describedby={preview ? previewId : undefined}
                  onClick={() => void record({ kind: 'accept', suggestionUuid: suggestion.uuid })}
                >
                  {preview?.mode === 'copy-text' ? 'Get the text to copy' : 'Accept'}: {suggestion.label}
                </button>
                {suggestion.isRecommended ? <span className="recommended"> (first choice)</span> : null}
                {preview ? <SuggestionPreview id={previewId} preview={preview} /> : null}
              </li>
            );
          })}
        </ul>
      )}
      {card.overrideReasons && card.overrideReasons.length > 0 && (
        <>
          {ready && (
            <p className="mode-text">
              {ready.overrideMode === 'note'
                ? 'An override is recorded as a clinical note (preliminary until you sign it).'
                : 'An override cannot be written here: you get its text to copy into your note.'}
            </p>
          )}
          <OverrideForm
            reasons={card.overrideReasons}
            disabled={locked}
            onSubmit={(reasonCode, comment) =>
              void record({ kind: 'override', reasonCode, ...(comment ? { comment } : {}) })
            }
          />
        </>
      )}
      <div aria-live="polite" tabIndex={-1} ref={resultRef} className="decision-result">
        {phase.kind === 'writing' && <p role="status">Recording your decision in the EHR…</p>}
        {phase.kind === 'done' && <WriteResult outcome={phase.outcome} decision={phase.decision} />}
        {phase.kind === 'failed' && (
          <>
            <p role="alert" className="error-text">
              {phase.message}
            </p>
            {phase.text ? <CopyText text={phase.text} /> : null}
          </>
        )}
      </div>
    </section>
  );
}
