/** Load gaps and data-quality notes: what the assessment could not see or could not use. */
import { uniqueBy } from '../../core/unique.js';
import type { DataQualityNote, LoadGap } from '../../core/types.js';
import { gapLines } from '../gap-words.js';

/** Said once, in clinical words; the technical reason is in the diagnostics panel. */
export function LoadGaps({ gaps }: { gaps: readonly LoadGap[] }) {
  const lines = gapLines(gaps);
  if (lines.length === 0) return null;
  return (
    <section className="load-gaps" role="alert" aria-labelledby="gaps-heading">
      <h3 id="gaps-heading">Assessment may be incomplete</h3>
      <p>Part of the record could not be read from the EHR:</p>
      <ul>
        {lines.map((line) => (
          <li key={line.part}>
            <strong>{line.part.charAt(0).toUpperCase() + line.part.slice(1)}</strong> could not be read:{' '}
            {line.why}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Notes that repeat a load gap: the gaps box already says it. */
const GAP_NOTE_CODES = new Set(['load-gap']);

/** Notes keyed by code and resource: the mapper's and the loader's may repeat one another. */
export function mergeNotes(...lists: readonly (readonly DataQualityNote[])[]): DataQualityNote[] {
  return uniqueBy(
    lists.flat().filter((note) => !GAP_NOTE_CODES.has(note.code)),
    (note) => `${note.code}|${note.resource ?? ''}|${note.message}`,
  );
}

export function DataQualityNotes({ notes }: { notes: readonly DataQualityNote[] }) {
  if (notes.length === 0) return null;
  return (
    <section className="data-quality" aria-labelledby="quality-heading">
      <h3 id="quality-heading">Data-quality notes ({notes.length})</h3>
      <ul>
        {notes.map((note) => (
          <li key={`${note.code}-${note.resource ?? ''}-${note.message}`}>
            {note.message}
            {note.resource ? <span className="note-resource"> ({note.resource})</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
