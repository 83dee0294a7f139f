/**
 * Search parameters shared by many resource types (`patient`, `code`, `date`…) carry one expression
 * that is a union over every type, e.g. `AllergyIntolerance.code | Condition.code | Observation.code | …`.
 * The in-memory store evaluates that whole union for every resource it tests, and each union step
 * removes duplicates by deep comparison: most of a search's time. Evaluated on one type, the terms
 * rooted at other types are empty, so each type is given its own copy holding only its own terms.
 */
import type { SearchParameter } from '@medplum/fhirtypes';

/** The expression's terms split at the `|` that are outside parentheses, brackets and quotes. */
export function unionTerms(expression: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < expression.length; i += 1) {
    const char = expression[i];
    if (quote) {
      if (char === '\\') i += 1;
      else if (char === quote) quote = undefined;
    } else if (char === "'" || char === '`') quote = char;
    else if (char === '(' || char === '[') depth += 1;
    else if (char === ')' || char === ']') depth -= 1;
    else if (char === '|' && depth === 0) {
      terms.push(expression.slice(start, i).trim());
      start = i + 1;
    }
  }
  terms.push(expression.slice(start).trim());
  return terms;
}

/** `Observation.code`, `(Observation.value as CodeableConcept)`, `Observation.value.as(Quantity)`… */
function isRootedAt(term: string, type: string): boolean {
  return new RegExp(`^\\(*${type}(?![A-Za-z0-9_])`).test(term);
}

/**
 * The parameter as it applies to `type`: its own terms only (still a union when it has several), or
 * the parameter unchanged when the expression names no term rooted at the type.
 */
export function narrowedTo(parameter: SearchParameter, type: string): SearchParameter {
  const expression = parameter.expression;
  if (!expression) return parameter;
  const terms = unionTerms(expression);
  if (terms.length < 2) return parameter;
  const own = terms.filter((term) => isRootedAt(term, type));
  if (own.length === 0) return parameter;
  return { ...parameter, base: [type] as SearchParameter['base'], expression: own.join(' | ') };
}
