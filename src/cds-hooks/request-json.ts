/**
 * Parses a hook request's JSON text once its depth is known to be safe, reading a prefetch value that
 * repeats another one character for character only once. EHRs often prefetch the same results twice
 * (laboratory Observations by LOINC code and by category), and parsing the second copy was a quarter
 * of the work of a call. The repeated key then holds the same object as the first: a reader sees the
 * values `JSON.parse` would have given, and nothing in the service changes what it reads.
 */
import { MAX_JSON_DEPTH } from '../fhir/json-depth.js';
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

/** Values shorter than this are cheap to parse twice; comparing them would cost as much. */
const MIN_SHARED_LENGTH = 256;

/** One member of the top-level `prefetch` object: where its key and its value stand in the text. */
export interface MemberSpan {
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
  /** The earlier member (its index) whose value text, spaces included, this one repeats exactly. */
  sameAs?: number;
}

export interface RequestLayout {
  /** More than the allowed containers inside one another: the text must not be parsed. */
  tooDeep: boolean;
  /** The members of the one top-level `prefetch` object; undefined when there is none, or several. */
  prefetch: MemberSpan[] | undefined;
  /** Where that object stands, from its `{` to just after its `}` (set with `prefetch`). */
  prefetchObject?: { start: number; end: number };
}

/**
 * One pass over the text: how deep it nests (stopping at the first container too deep) and where the
 * members of the top-level `prefetch` object are. Malformed text is left for `JSON.parse` to refuse.
 */
export function scanRequest(text: string, maxDepth = MAX_JSON_DEPTH): RequestLayout {
  let depth = 0;
  let stringStart = -1;
  let stringEnd = -1;
  let topKeyStart = -1;
  let topKeyEnd = -1;
  let prefetchObjects = 0;
  let inPrefetch = false;
  let members: MemberSpan[] | undefined;
  let member: MemberSpan | undefined;
  let objectStart = -1;
  let objectEnd = -1;
  const length = text.length;
  for (let i = 0; i < length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      const end = endOfString(text, i);
      if (end === -1) break;
      if (depth <= 2) {
        stringStart = i;
        stringEnd = end + 1;
      }
      i = end;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (
        depth === 1 &&
        code === OPEN_BRACE &&
        topKeyStart >= 0 &&
        isKey(text, topKeyStart, topKeyEnd, 'prefetch')
      ) {
        prefetchObjects += 1;
        inPrefetch = true;
        objectStart = i;
        members = [];
      }
      depth += 1;
      if (depth > maxDepth) return { tooDeep: true, prefetch: undefined };
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth -= 1;
      if (depth === 1 && inPrefetch) {
        if (member) members?.push({ ...member, valueEnd: i });
        member = undefined;
        inPrefetch = false;
        objectEnd = i + 1;
      }
    } else if (depth > 2) {
      // Deeper than a prefetch value's start: only containers and strings matter.
      continue;
    } else if (code === COLON) {
      if (depth === 1) {
        topKeyStart = stringStart;
        topKeyEnd = stringEnd;
      } else if (depth === 2 && inPrefetch && members) {
        member = { keyStart: stringStart, keyEnd: stringEnd, valueStart: i + 1, valueEnd: -1 };
        // A copy of an earlier value nests exactly as deep, and ends where it does: not scanned again.
        const same = repeatedMember(text, members, i + 1);
        if (same !== undefined) {
          const original = members[same]!;
          member.sameAs = same;
          i += original.valueEnd - original.valueStart;
        }
      }
    } else if (code === COMMA) {
      if (depth === 1) topKeyStart = -1;
      else if (depth === 2 && inPrefetch && member) {
        members?.push({ ...member, valueEnd: i });
        member = undefined;
      }
    }
  }
  if (prefetchObjects !== 1 || !members || objectEnd < 0) return { tooDeep: false, prefetch: undefined };
  return { tooDeep: false, prefetch: members, prefetchObject: { start: objectStart, end: objectEnd } };
}

/**
 * The index of an earlier member whose value text (spaces up to its end included) stands again at
 * `start`, followed by the same end of value (a comma or the closing brace); undefined when none does.
 */
function repeatedMember(text: string, members: readonly MemberSpan[], start: number): number | undefined {
  for (let k = 0; k < members.length; k += 1) {
    const { valueStart, valueEnd } = members[k]!;
    const length = valueEnd - valueStart;
    if (length < MIN_SHARED_LENGTH) continue;
    const next = text.charCodeAt(start + length);
    if (next !== COMMA && next !== CLOSE_BRACE) continue;
    // Equality of two slices compares their characters at once (startsWith was a hundred times slower).
    if (text.slice(start, start + length) === text.slice(valueStart, valueEnd)) return k;
  }
  return undefined;
}

/** The request with its prefetch object read as `{}`: what is left to parse when the prefetch is known. */
export function parseWithoutPrefetch(text: string, layout: RequestLayout): unknown {
  const object = layout.prefetchObject;
  if (!object) return JSON.parse(text);
  return JSON.parse(`${text.slice(0, object.start)}{}${text.slice(object.end)}`);
}

/** `JSON.parse(text)`, with each prefetch value that repeats an earlier one parsed once. */
export function parseRequest(text: string, layout: RequestLayout): unknown {
  const repeats = layout.prefetch ? repeatedValues(text, layout.prefetch) : [];
  if (repeats.length === 0) return JSON.parse(text);
  // The repeats are read as `null`, then given the first copy's object.
  let reduced = '';
  let from = 0;
  for (const { copy } of repeats) {
    reduced += `${text.slice(from, copy.valueStart)}null`;
    from = copy.valueEnd;
  }
  reduced += text.slice(from);
  const parsed: unknown = JSON.parse(reduced);
  const prefetch = (parsed as { prefetch?: unknown }).prefetch;
  if (typeof prefetch !== 'object' || prefetch === null) return JSON.parse(text);
  for (const { original, copy } of repeats) {
    const value: unknown = (prefetch as Record<string, unknown>)[keyText(text, original)];
    // defineProperty, not assignment: a key such as `__proto__` stays an own property, as JSON.parse makes it.
    Object.defineProperty(prefetch, keyText(text, copy), {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
  return parsed;
}

/**
 * Members whose value text (spaces aside) equals an earlier member's, in text order. None when a key
 * repeats: JSON.parse keeps the last of equal keys, and sharing must not change which one that is.
 */
function repeatedValues(
  text: string,
  members: readonly MemberSpan[],
): { original: MemberSpan; copy: MemberSpan }[] {
  const keys = new Set(members.map((m) => keyText(text, m)));
  if (keys.size !== members.length) return [];
  const firstByText = new Map<string, MemberSpan>();
  const repeats: { original: MemberSpan; copy: MemberSpan }[] = [];
  for (const member of members) {
    const value = text.slice(member.valueStart, member.valueEnd).trim();
    if (value.length < MIN_SHARED_LENGTH) continue;
    const original = firstByText.get(value);
    if (original) repeats.push({ original, copy: member });
    else firstByText.set(value, member);
  }
  return repeats;
}

/** The key a member's quoted key text stands for. */
function keyText(text: string, member: Pick<MemberSpan, 'keyStart' | 'keyEnd'>): string {
  const quoted = text.slice(member.keyStart, member.keyEnd);
  return quoted.includes('\\') ? String(JSON.parse(quoted)) : quoted.slice(1, -1);
}

function isKey(text: string, start: number, end: number, key: string): boolean {
  if (end - start === key.length + 2) return text.startsWith(key, start + 1);
  return text.slice(start, end).includes('\\') && keyText(text, { keyStart: start, keyEnd: end }) === key;
}
