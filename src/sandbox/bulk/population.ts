/**
 * The population a demo Bulk Data export returns: every synthetic chart, and on request as many copies as
 * asked (ids and references suffixed), so an export of any size can be tested end to end. Resources are
 * generated as they are written, one patient at a time: a large population never sits in memory.
 */
import type { FhirResource, SyntheticPatient } from '../patients/types.js';

/** The types a Bulk Data export of the demo EHR can hold (those the charts use). */
export function exportTypes(patients: readonly SyntheticPatient[]): string[] {
  const types = new Set<string>();
  for (const patient of patients) for (const resource of patient.resources) types.add(resource.resourceType);
  return [...types].sort();
}

/** The number of patients in an export of `copies` copies of the charts (at least the charts themselves). */
export function populationSize(patients: readonly SyntheticPatient[], copies: number): number {
  return patients.length * Math.max(1, copies);
}

/** How many resources of `type` the population holds (a manifest's `count`). */
export function populationCount(patients: readonly SyntheticPatient[], copies: number, type: string): number {
  let count = 0;
  for (const patient of patients)
    for (const resource of patient.resources) if (resource.resourceType === type) count += 1;
  return count * Math.max(1, copies);
}

/**
 * Every resource of `type` in the population as its NDJSON line (without the line end), patient by
 * patient; copy 0 is the charts as they are.
 */
export function* populationLines(
  patients: readonly SyntheticPatient[],
  copies: number,
  type: string,
): Generator<string> {
  for (let copy = 0; copy < Math.max(1, copies); copy += 1) {
    const suffix = `-c${copy}`;
    for (const patient of patients) {
      for (const resource of patient.resources) {
        if (resource.resourceType !== type) continue;
        const parts = templateOf(resource);
        yield copy === 0 ? parts.join('') : parts.join(suffix);
      }
    }
  }
}

/** An id, or a reference to a resource of the chart, whose value a copy suffixes. */
const SUFFIXED = /"(?:id|reference)":"(?:[A-Za-z]+\/)?[A-Za-z0-9\-.]{1,40}"/g;

/**
 * A resource's JSON text cut where a copy's suffix goes (before the closing quote of each id and
 * reference): a copy is its parts joined by the suffix. Worked out once per resource of the charts, which
 * do not change, so an export of many copies costs string joins, not a JSON round trip per resource.
 */
const templates = new WeakMap<FhirResource, readonly string[]>();

function templateOf(resource: FhirResource): readonly string[] {
  const known = templates.get(resource);
  if (known !== undefined) return known;
  const text = JSON.stringify(resource);
  const parts: string[] = [];
  let from = 0;
  for (const match of text.matchAll(SUFFIXED)) {
    const closingQuote = match.index + match[0].length - 1;
    parts.push(text.slice(from, closingQuote));
    from = closingQuote;
  }
  parts.push(text.slice(from));
  templates.set(resource, parts);
  return parts;
}
