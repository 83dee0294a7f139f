/** What was written and where, or the text to copy when the EHR accepts nothing. */
import { useState } from 'react';
import type { Decision, WriteOutcome } from '../view-types.js';

const WRITTEN_AS = {
  'medication-request': 'a draft medication order',
  'document-reference': 'a clinical note',
} as const;

export function WriteResult({ outcome, decision }: { outcome: WriteOutcome; decision: Decision }) {
  const [copied, setCopied] = useState<'yes' | 'failed'>();
  const what = decision.kind === 'accept' ? 'Suggestion accepted' : 'Override recorded';
  if (outcome.mode === 'copy-text') {
    const copy = () => {
      navigator.clipboard
        .writeText(outcome.text)
        .then(() => setCopied('yes'))
        .catch(() => setCopied('failed'));
    };
    return (
      <div className="write-result" role="status">
        <p>{what}. The EHR does not accept notes from AIH Navigator: copy this text into your note.</p>
        <label htmlFor="copy-text">Note text</label>
        <textarea id="copy-text" readOnly value={outcome.text} rows={8} />
        <button type="button" onClick={copy}>
          Copy text
        </button>
        {copied === 'yes' && <span> Copied.</span>}
        {copied === 'failed' && <span> Copying is blocked here: select the text and copy it.</span>}
      </div>
    );
  }
  return (
    <div className="write-result" role="status">
      <p>
        {what}: written to the EHR as {WRITTEN_AS[outcome.mode]}
        {outcome.resourceRef ? (
          <>
            {' '}
            (<code>{outcome.resourceRef}</code>)
          </>
        ) : null}
        .
      </p>
      {outcome.where ? <p>{outcome.where}</p> : null}
      <details>
        <summary>What was written</summary>
        <pre className="written-text">{outcome.text}</pre>
      </details>
    </div>
  );
}
