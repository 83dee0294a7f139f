/** Text the clinician copies into the chart: always shown, with a Copy button (and a fallback when copying is blocked). */
import { useId, useState } from 'react';

export function CopyText({ text }: { text: string }) {
  const id = useId();
  const [copied, setCopied] = useState<'yes' | 'failed'>();
  const copy = () => {
    navigator.clipboard
      .writeText(text)
      .then(() => setCopied('yes'))
      .catch(() => setCopied('failed'));
  };
  return (
    <div className="copy-text">
      <label htmlFor={id}>Note text</label>
      <textarea id={id} readOnly value={text} rows={8} />
      <button type="button" onClick={copy}>
        Copy text
      </button>
      {copied === 'yes' && <span> Copied.</span>}
      {copied === 'failed' && <span> Copying is blocked here: select the text and copy it.</span>}
    </div>
  );
}
