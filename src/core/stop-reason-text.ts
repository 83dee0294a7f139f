/**
 * Free-text stop reasons that say "adverse effect or intolerance" (clinical-rules.md §5), with the
 * plain negations of clinical notes: "No adverse reaction; remission" is not an intolerance.
 */

// Besides "adverse", "intolerance" and the like: the reactions and toxicities that stop these drugs
// (hypersensitivity and severe skin reactions, cytopenias, pancreatitis, liver, kidney and nerve
// toxicity, calcineurin-inhibitor hypertension). A missed term would suggest a drug not tolerated again.
const ADVERSE_TERM =
  /adverse|side[ -]?effect|intoleran|not tolerated|(?:did|could|can|would)(?: not|n't) tolerate|unable to tolerate|poorly tolerated|allerg|toxicit|reaction|leu[ck]o?penia|neutropenia|thrombocytopenia|pancytopenia|agranulocytosis|pancreatitis|hepatotox|drug[- ]induced|cytopenia|myelosuppress|marrow suppression|low (?:wbc|white|platelets)|nausea|vomit|gi upset|\brash\b|arthralg|alopecia|hair loss|flu[- ]like|diarrh|hypersensitiv|anaphyla|stevens[- ]johnson|\bsjs\b|toxic epidermal|\bdress\b|urticaria|\bhives\b|angioedema|prurit|\bitch(?:ing|y)?\b|\badr\b|mouth ulcer|stomatitis|nephrotox|renal (?:failure|impairment|injury)|kidney injury|\baki\b|tremor|neurotox|hypertension|headache|fever|malaise/gi;

/**
 * A term is negated when a negation stands right before it, with nothing between them but words that
 * leave the negation on the term: qualifiers ("no significant nausea", "not due to intolerance", "never
 * any reaction"), other adverse-effect words of the same phrase ("no adverse reaction", "no nausea or
 * vomiting"). Any other word ends the negation's reach: "no response and leukopenia", "stopped without
 * taper after pancreatitis" are intolerance. Only these plain forms: a missed negation keeps a drug from
 * being suggested again, a wrongly assumed one would suggest a drug not tolerated.
 */
const NEGATION_WORDS: ReadonlySet<string> = new Set([
  'no',
  'not',
  'without',
  'denies',
  'denied',
  'never',
  'none',
]);
const TRANSPARENT_WORDS: ReadonlySet<string> = new Set([
  ...['any', 'signs', 'sign', 'symptoms', 'of', 'evidence', 'history', 'known', 'obvious', 'apparent'],
  ...['significant', 'relevant', 'clinically', 'major', 'serious', 'severe', 'further', 'new', 'other'],
  ...['due', 'to', 'drug', 'related', 'the', 'a', 'an', 'or', 'and', 'side', 'effect', 'effects'],
]);
/** One word of an adverse-effect term (the term pattern without its global flag). */
const ADVERSE_WORD = new RegExp(ADVERSE_TERM.source, 'i');

function isNegated(clause: string, termIndex: number): boolean {
  const words = clause
    .slice(0, termIndex)
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
  for (let i = words.length - 1; i >= 0; i -= 1) {
    const word = words[i] ?? '';
    if (NEGATION_WORDS.has(word) || (word === 'out' && words[i - 1] === 'ruled')) return true;
    if (!TRANSPARENT_WORDS.has(word) && !ADVERSE_WORD.test(word)) return false;
  }
  return false;
}

/**
 * Clauses split on . ; , and on "but" (so "no nausea but leukopenia" keeps its leukopenia). A term
 * counts when one of its occurrences is not negated within its clause.
 */
const CLAUSE_BREAK = /[.;,]|\bbut\b/i;

export function writtenAsAdverse(text: string): boolean {
  return text
    .split(CLAUSE_BREAK)
    .some((clause) => [...clause.matchAll(ADVERSE_TERM)].some((m) => !isNegated(clause, m.index)));
}
