/**
 * Results whose code is not recognised but whose text names ALT, AST or IgG (clinical-rules.md §1: a
 * local code is the analyte only through the site map). Such a result is never read as the analyte;
 * it is noted, so that it is not lost without a word, and listed for the core as an unread result
 * (`UnreadResult`), which must not be confident past a deciding result it could not read.
 *
 * A text names the analyte only when nothing but its names and plain qualifiers (specimen, units,
 * LOINC-style property words) is left: "ALT (SGPT)", "IgG, serum", "Alanine aminotransferase
 * [Enzymatic activity/volume] in Serum or Plasma". "IgG4", "IgG subclass 1", "CMV IgG", "anti-dsDNA
 * IgG" or "ALT/AST ratio" leave other words (or name two analytes) and are not taken.
 */
import { ANALYTE_LABEL } from '../../core/codes.js';
import type { DecidingAnalyte } from '../../core/types.js';
import type { CodeableConcept } from '../schemas/datatypes.js';

const NAMES: readonly [DecidingAnalyte, RegExp][] = [
  ['alt', /\b(?:alt|alat|sgpt|gpt|alanine\s+(?:amino)?transaminase|alanine\s+aminotransferase)\b/gi],
  ['ast', /\b(?:ast|asat|sgot|got|aspartate\s+(?:amino)?transaminase|aspartate\s+aminotransferase)\b/gi],
  ['igg', /\b(?:igg|immunoglobulin\s+g|immune\s+globulin\s+g)\b/gi],
];

/** Words that may stand beside the name without making it another test. */
const QUALIFIERS = new Set([
  ...['total', 'serum', 'plasma', 'blood', 'ser', 'plas', 'bld', 's', 'p', 'sp', 'in', 'or', 'and'],
  ...['level', 'levels', 'result', 'test', 'value', 'quantitative', 'quant', 'qn', 'measurement'],
  ...['enzymatic', 'catalytic', 'activity', 'mass', 'volume', 'concentration', 'conc', 'by', 'with'],
  ...['u', 'iu', 'l', 'g', 'mg', 'dl', 'ukat', 'µkat', 'liver', 'enzyme', 'transaminase'],
]);

/** Pyridoxal phosphate (LOINC "with P-5'-P") is a method, not another test. */
const METHOD = /\bp-?5'?-?p\b/gi;

function analyteOfText(text: string): DecidingAnalyte | undefined {
  const named = NAMES.filter(([, name]) => text.search(name) >= 0);
  if (named.length !== 1) return undefined;
  const [analyte, name] = named[0]!;
  const rest = text.replace(name, ' ').replace(METHOD, ' ').toLowerCase();
  const words = rest.split(/[^a-zµ0-9]+/).filter((w) => w !== '');
  return words.every((w) => QUALIFIERS.has(w)) ? analyte : undefined;
}

/** The first deciding analyte one of the texts names (code.text first, then the codings' displays). */
export function decidingAnalyteNamed(texts: readonly (string | undefined)[]): DecidingAnalyte | undefined {
  for (const text of texts) {
    const analyte = text ? analyteOfText(text) : undefined;
    if (analyte) return analyte;
  }
  return undefined;
}

/** The note: the code as the site map writes it (`system|code`), and that the map can add it. */
export function unmappedMessage(analyte: DecidingAnalyte, code: CodeableConcept): string {
  const label = ANALYTE_LABEL[analyte];
  const codes = (code.coding ?? []).filter((c) => c.code).map((c) => `"${c.system ?? ''}|${c.code}"`);
  const named = (code.text ?? code.coding?.find((c) => c.display)?.display ?? '').slice(0, 60);
  const listed = codes.slice(0, 3).join(', ');
  const which =
    codes.length === 0
      ? 'it has no code'
      : codes.length === 1
        ? `its code ${listed} is not a recognised ${label} code`
        : `none of its codes ${listed} is a recognised ${label} code`;
  return `"${named}" names ${label}, but ${which}: not used. The site code map (siteCodes) can add it.`;
}
