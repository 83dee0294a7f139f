/**
 * The core's "missing to decide" items in the clinician's words: no analyte ids, no "Tline + 150 d".
 * An item about a part of the record that could not be read is dropped when the gaps box already says
 * so, so each problem is told once.
 */
import { partOfRecord } from '../../fhir/record-parts.js';

const READ_FAILURE = /^([A-Z][A-Za-z]+): could not be read\b/;

export function isReadFailure(item: string): boolean {
  return READ_FAILURE.test(item);
}

const WHOLE_ITEM: Record<string, string> = {
  'azathioprine-dose': 'The current azathioprine daily dose',
  weight: 'A body weight from the last 12 months',
};

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function missingText(item: string): string {
  const whole = WHOLE_ITEM[item];
  if (whole) return whole;
  // "Observation: could not be read (… HTTP 500 …)": the part of the record, without the technical reason.
  const failed = READ_FAILURE.exec(item)?.[1];
  if (failed) return `${capitalise(partOfRecord(failed))} could not be read`;
  if (/^[a-z0-9-]+$/.test(item)) return capitalise(item.replace(/-/g, ' '));
  const text = item
    // "alt: no usable ALT result …": the id before the colon repeats what the sentence says.
    .replace(/^[a-z0-9-]+: /, '')
    .replace(/\s*\(Tline \+ 150 d\)/g, ' (5 months into the current treatment)')
    .replace(/\bTline\b/g, 'the start of the current treatment');
  return capitalise(text);
}

export function missingLines(missing: readonly string[], gapsShown: boolean): string[] {
  return missing.filter((item) => !(gapsShown && isReadFailure(item))).map(missingText);
}
