/**
 * Parses the EHR's answers for one call, reading a Bundle entry that repeats, character for character,
 * one already read in this call only once. The LOINC-code and laboratory-category searches return the
 * same Observations (Epic's rule makes the service ask both), and parsing the second copy, then
 * comparing the two member by member to keep one (unique-copies.ts), was a large share of a call's work.
 * A repeat becomes the first copy's very object, so the loader keeps it at once; entries that differ in
 * any character are parsed apart and compared as before, so conflicting copies are still found.
 */
import {
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  endOfString,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
} from '../fhir/json-text.js';

/** Entries shorter than this cost less to parse twice than to look up. */
const MIN_SHARED_LENGTH = 64;

interface Span {
  start: number;
  end: number;
}

export class SharedEntryParser {
  /** The entries read so far in this call, by their text. */
  private readonly seen = new Map<string, unknown>();

  /** `JSON.parse(text)`, each entry that repeats one read before given that one's object. */
  parse(text: string): unknown {
    const spans = entrySpans(text);
    if (!spans || spans.length === 0) return JSON.parse(text);
    const texts = spans.map((span) => text.slice(span.start, span.end).trim());
    const firstHere = new Map<string, number>();
    const repeats = new Map<number, () => unknown>();
    let entries: unknown[] = [];
    texts.forEach((entry, index) => {
      if (entry.length < MIN_SHARED_LENGTH) return;
      if (this.seen.has(entry)) {
        const shared = this.seen.get(entry);
        repeats.set(index, () => shared);
      } else if (firstHere.has(entry)) {
        const first = firstHere.get(entry) ?? -1;
        repeats.set(index, () => entries[first]);
      } else firstHere.set(entry, index);
    });
    const parsed = repeats.size === 0 ? JSON.parse(text) : parseReduced(text, spans, repeats);
    const read = entriesOf(parsed, spans.length);
    if (!read) return repeats.size === 0 ? parsed : JSON.parse(text);
    entries = read;
    for (const [index, shared] of repeats) {
      if (entries[index] !== null) return JSON.parse(text);
      entries[index] = shared();
    }
    for (const [entry, index] of firstHere) this.seen.set(entry, entries[index]);
    return parsed;
  }
}

/** The text with each repeated entry written `null`, parsed. */
function parseReduced(text: string, spans: readonly Span[], repeats: ReadonlyMap<number, unknown>): unknown {
  let reduced = '';
  let from = 0;
  spans.forEach((span, index) => {
    if (!repeats.has(index)) return;
    reduced += `${text.slice(from, span.start)}null`;
    from = span.end;
  });
  reduced += text.slice(from);
  return JSON.parse(reduced);
}

/** The `entry` array of a parsed object when it has the scanned number of elements. */
function entriesOf(parsed: unknown, count: number): unknown[] | undefined {
  if (typeof parsed !== 'object' || parsed === null || !('entry' in parsed)) return undefined;
  const entry = parsed.entry;
  return Array.isArray(entry) && entry.length === count ? (entry as unknown[]) : undefined;
}

/**
 * Where each element of the top-level object's `entry` array stands in the text; undefined when the
 * text is no object with exactly one such array, or a top-level key is escaped (it could spell `entry`).
 * Malformed text is left for `JSON.parse` to refuse.
 */
export function entrySpans(text: string): Span[] | undefined {
  let depth = 0;
  let keyStart = -1;
  let keyEnd = -1;
  let entryKeys = 0;
  let afterEntryKey = false;
  let inEntries = false;
  let elementStart = -1;
  const spans: Span[] = [];
  const element = (end: number): void => {
    spans.push({ start: elementStart, end });
    elementStart = end + 1;
  };
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      const end = endOfString(text, i);
      if (end === -1) return undefined;
      if (depth === 1) {
        keyStart = i;
        keyEnd = end + 1;
      }
      i = end;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (depth === 0 && code !== OPEN_BRACE) return undefined;
      if (depth === 1 && afterEntryKey) {
        if (code !== OPEN_BRACKET) return undefined;
        inEntries = true;
        elementStart = i + 1;
      }
      if (depth === 1) afterEntryKey = false;
      depth += 1;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth -= 1;
      if (depth === 1 && inEntries) {
        element(i);
        inEntries = false;
      }
    } else if (code === COLON && depth === 1) {
      const key = text.slice(keyStart, keyEnd);
      if (key.includes('\\')) return undefined;
      afterEntryKey = key === '"entry"';
      if (afterEntryKey) entryKeys += 1;
    } else if (code === COMMA) {
      if (depth === 2 && inEntries) element(i);
      else if (depth === 1) afterEntryKey = false;
    }
  }
  if (entryKeys !== 1) return undefined;
  // `[]` scans as one blank element: it has none.
  const only = spans[0];
  if (spans.length === 1 && only && text.slice(only.start, only.end).trim() === '') return [];
  return spans;
}
