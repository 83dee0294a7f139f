/**
 * Free-text stop reasons that say "adverse effect or intolerance" (clinical-rules.md §5), with the
 * plain negations of clinical notes: "No adverse reaction; remission" is not an intolerance.
 */

const ADVERSE_TERM =
  /adverse|side[ -]?effect|intoleran|not tolerated|allerg|toxicit|reaction|leu[ck]o?penia|neutropenia|pancreatitis|hepatotox|cytopenia|myelosuppress|nausea|vomit/gi;

/**
 * A negation among the three words before the term negates it ("no side effects", "not due to
 * intolerance", "denies nausea", "ruled out pancreatitis"); one further back is taken to negate
 * something else ("not effective and caused nausea"). Only these plain forms: a missed negation keeps a
 * drug from being suggested again, a wrongly assumed one would suggest a drug not tolerated.
 */
const NEGATION = /\b(no|not|without|denies|denied|never|none|ruled out)\b/i;
const NEGATION_WINDOW_WORDS = 3;

/**
 * Clauses split on . ; , and on "but" (so "no nausea but leukopenia" keeps its leukopenia). A term
 * counts when one of its occurrences is not negated within its clause.
 */
const CLAUSE_BREAK = /[.;,]|\bbut\b/i;

export function writtenAsAdverse(text: string): boolean {
  return text
    .split(CLAUSE_BREAK)
    .some((clause) =>
      [...clause.matchAll(ADVERSE_TERM)].some((m) => !NEGATION.test(wordsBefore(clause, m.index))),
    );
}

function wordsBefore(clause: string, index: number): string {
  const words = clause
    .slice(0, index)
    .split(/[^A-Za-z]+/)
    .filter(Boolean);
  return words.slice(-NEGATION_WINDOW_WORDS).join(' ');
}
