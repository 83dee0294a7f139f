/**
 * Sig text as prescribers and EHRs write it, brought to one spelling before it is parsed: lower
 * case, number words as numerals ("two" → 2, "½" → 0.5), dotted abbreviations closed up ("b.i.d." →
 * bid), and Epic's echoed numbers dropped ("2 (TWO) TIMES DAILY" → "2 times daily").
 */

const NUMBER_WORDS: [RegExp, string][] = [
  [/\bone and (?:a |one )?half\b/g, '1.5'],
  [/\b(\d+) and (?:a |one )?half\b/g, '$1.5'],
  [/\bone[- ]half\b|\bhalf(?: an?| of an?)?\b/g, '0.5'],
  [/\bone\b/g, '1'],
  [/\btwo\b/g, '2'],
  [/\bthree\b/g, '3'],
  [/\bfour\b/g, '4'],
  [/\bfive\b/g, '5'],
  [/\bsix\b/g, '6'],
  // Epic echoes interval numbers too: "every 12 (twelve) hours".
  [/\beight\b/g, '8'],
  [/\btwelve\b/g, '12'],
  [/\btwenty[- ]four\b/g, '24'],
];

/** Longest first: "q.d.s." (four times a day) must not be read as "q.d." (once). */
const ABBREVIATIONS: [RegExp, string][] = [
  [/\bq\.\s?d\.\s?s\.?/g, 'qds'],
  [/\bt\.\s?d\.\s?s\.?/g, 'tds'],
  [/\bb\.\s?d\.?/g, 'bd'],
  [/\bb\.\s?i\.\s?d\.?/g, 'bid'],
  [/\bt\.\s?i\.\s?d\.?/g, 'tid'],
  [/\bq\.\s?i\.\s?d\.?/g, 'qid'],
  [/\bq\.\s?o\.\s?d\.?/g, 'qod'],
  [/\bq\.\s?d\.?/g, 'qd'],
  [/\bo\.\s?d\.?/g, 'od'],
  [/\bq\.\s?h\.\s?s\.?/g, 'qhs'],
  [/\bq\.\s?a\.\s?m\.?/g, 'qam'],
  [/\bq\.\s?p\.\s?m\.?/g, 'qpm'],
];

/** The sig in the one spelling the parser reads; pure and cheap. */
export function normaliseSig(text: string): string {
  let t = ` ${text.toLowerCase()} `
    .replace(/(\d)\s*½/g, '$1.5')
    .replace(/½/g, ' 0.5 ')
    .replace(/(\d)\s*¼/g, '$1.25')
    .replace(/¼/g, ' 0.25 ')
    .replace(/(\d) (?:and )?1\/2\b/g, '$1.5')
    .replace(/(^|[^\d.])1\/2\b/g, '$10.5')
    .replace(/[×*]/g, ' x ')
    .replace(/(\d),(\d{3})\b/g, '$1$2');
  for (const [pattern, replacement] of ABBREVIATIONS) t = t.replace(pattern, replacement);
  for (const [pattern, replacement] of NUMBER_WORDS) t = t.replace(pattern, replacement);
  return (
    t
      // "2 (2) times": the echo of a number just written.
      .replace(/(\d+(?:\.\d+)?)\s*\(\s*\1\s*\)/g, '$1')
      .replace(/(\d)(x)(?=\s*\d)/g, '$1 x ')
      .replace(/(\d)\s*x(?=\d)/g, '$1 x ')
      .replace(/\s+/g, ' ')
  );
}
