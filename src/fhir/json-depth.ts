/**
 * How deeply a JSON text nests, found without parsing it. Deep nesting is how hostile input hurts a
 * JSON reader: `JSON.parse` of twenty thousand nested arrays builds a huge tree, and the code that then
 * walks it (nested Bundles, schema checks) recurses until the stack runs out, which loses the whole
 * file or call instead of the one bad line. No FHIR resource nests anywhere near {@link MAX_JSON_DEPTH}
 * levels (a Bundle in a Bundle with an extension on a coding is about a dozen), so a deeper text is
 * refused before it is parsed.
 */
import { CLOSE_BRACE, CLOSE_BRACKET, endOfString, OPEN_BRACE, OPEN_BRACKET, QUOTE } from './json-text.js';

/** Containers (objects and arrays) inside one another that a text may hold. */
export const MAX_JSON_DEPTH = 64;

/**
 * True when `text` opens more than `maxDepth` containers inside one another (outside strings). Linear,
 * and stops at the first container too deep, so a 20 MB run of `[` costs a few bytes' work. Strings are
 * skipped with `indexOf`, which is where a FHIR line spends most of its length. Malformed text is left
 * for `JSON.parse` to refuse: this only measures depth.
 */
export function nestsDeeperThan(text: string, maxDepth = MAX_JSON_DEPTH): boolean {
  if (hasAtMostOpeners(text, maxDepth)) return false;
  let depth = 0;
  const length = text.length;
  for (let i = 0; i < length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      i = endOfString(text, i);
      if (i === -1) return false;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth -= 1;
    }
  }
  return false;
}

/**
 * True when `text` holds at most `limit` of `{` and `[` in all, strings included: it cannot then open
 * more than `limit` containers inside one another. A FHIR resource line holds a few dozen, so this
 * settles nearly every line with a few searches instead of a walk over every string.
 */
function hasAtMostOpeners(text: string, limit: number): boolean {
  let count = 0;
  for (const opener of ['{', '[']) {
    for (let at = text.indexOf(opener); at !== -1; at = text.indexOf(opener, at + 1)) {
      count += 1;
      if (count > limit) return false;
    }
  }
  return true;
}
