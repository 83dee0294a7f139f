/**
 * Next to each Accept button: exactly what Accept writes at this EHR, in words (the drafts with drug,
 * dose text and draft status; both drafts of a pair; or the note or text that holds them instead).
 */
import type { SuggestionPreview as Preview } from '../view-types.js';

function lead(preview: Preview): string {
  const reason = preview.fallbackReason ? `${preview.fallbackReason} ` : '';
  if (preview.mode === 'drafts') {
    return preview.together
      ? 'Accept writes both drafts together, or neither:'
      : 'Accept writes this draft to the EHR:';
  }
  if (preview.mode === 'note') {
    return `${reason}Accept writes a clinical note (preliminary until you sign it) containing:`;
  }
  return `${reason}Nothing can be written here: you get the text to copy into your note, containing:`;
}

export function SuggestionPreview({ id, preview }: { id: string; preview: Preview }) {
  return (
    <div className="preview" id={id}>
      <p>{lead(preview)}</p>
      <ul>
        {preview.drafts.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}
