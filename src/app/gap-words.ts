/**
 * Load gaps in the clinician's words: one line per part of the record that could not be read (the
 * loader may report two searches of one type), without status codes or scope strings. The loader's
 * technical reason stays in the diagnostics panel for whoever sets the app up.
 */
import type { LoadGap } from '../core/types.js';
import { partOfRecord } from '../fhir/record-parts.js';

export { partOfRecord };

export interface GapLine {
  /** The clinician's name for the part of the record, e.g. "lab results". */
  part: string;
  /** Why, in words that say what to do. */
  why: string;
  resourceTypes: string[];
}

function whyOf(reason: string): string {
  // Already in clinical words, and the clinician must see that the EHR sent them elsewhere.
  if (/pointed to another server/.test(reason)) return reason.replace(/^[A-Za-z]+: /, '');
  if (/did not grant access|scope/i.test(reason)) {
    return 'AIH Navigator has not been given access to it; your EHR administrator can grant it.';
  }
  if (/did not answer in time|could not be reached|busy|network/i.test(reason)) {
    return 'the EHR did not answer; trying again later may help.';
  }
  if (/not read \(more than/i.test(reason)) return 'there were too many to read.';
  return 'the EHR reported an error.';
}

/** One line per part of the record, in the order the gaps came. */
export function gapLines(gaps: readonly LoadGap[]): GapLine[] {
  const byPart = new Map<string, GapLine>();
  for (const gap of gaps) {
    const part = partOfRecord(gap.resourceType);
    const line = byPart.get(part);
    if (line) {
      if (!line.resourceTypes.includes(gap.resourceType)) line.resourceTypes.push(gap.resourceType);
      continue;
    }
    byPart.set(part, { part, why: whyOf(gap.reason), resourceTypes: [gap.resourceType] });
  }
  return [...byPart.values()];
}

export function unreadable(gaps: readonly LoadGap[], ...resourceTypes: string[]): boolean {
  return gaps.some((gap) => resourceTypes.includes(gap.resourceType));
}
