/**
 * What was written and where: the drafts in words with their ids, or the note that was written; the
 * text to copy when nothing could be written. Never a record that was not written.
 */
import type { Decision, WriteOutcome } from '../view-types.js';
import { CopyText } from './CopyText.js';

export function WriteResult({ outcome, decision }: { outcome: WriteOutcome; decision: Decision }) {
  const what = decision.kind === 'accept' ? 'Suggestion accepted' : 'Override recorded';
  if (outcome.mode === 'copy-text') {
    return (
      <div className="write-result">
        <p>{what}. Nothing was written to the EHR: copy this text into your note.</p>
        <CopyText text={outcome.text} />
      </div>
    );
  }
  const where = outcome.alreadyThere
    ? 'it was already in the EHR from an earlier accept, so nothing new was written'
    : outcome.mode === 'note'
      ? 'written to the EHR as a clinical note, preliminary until you sign it there'
      : 'written to the EHR as a draft proposal, to be reviewed and signed there';
  return (
    <div className="write-result">
      <p>
        {what}: {where}.
      </p>
      <h4>What was written</h4>
      <ul className="written">
        {outcome.written.map((item, index) => (
          <li key={item.ref ?? index}>
            {item.summary}
            {item.ref ? (
              <>
                {' '}
                (<code>{item.ref}</code>)
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {outcome.mode === 'note' && (
        <details>
          <summary>The note’s text</summary>
          <pre className="written-text">{outcome.text}</pre>
        </details>
      )}
    </div>
  );
}
