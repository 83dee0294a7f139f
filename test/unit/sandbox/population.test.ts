/**
 * The demo EHR's Bulk Data population: a copy of a chart is its JSON text with every id and every
 * reference to a resource of the chart suffixed, built from a template per resource. The lines must be
 * those a JSON round trip per resource gives (the way copies were first made), and parse to resources
 * whose ids and references carry the copy's suffix.
 */
import { describe, expect, it } from 'vitest';
import { exportTypes, populationCount, populationLines } from '../../../src/sandbox/bulk/population.js';
import { syntheticPatients } from '../../../src/sandbox/patients/index.js';
import type { FhirResource } from '../../../src/sandbox/patients/types.js';

const patients = syntheticPatients('2025-06-30');

/** A resource copied by rewriting its text and parsing it back. */
function roundTripCopy(resource: FhirResource, copy: number): string {
  const text = JSON.stringify(resource);
  if (copy === 0) return text;
  const rewritten = text.replace(
    /"(id|reference)":"((?:[A-Za-z]+\/)?[A-Za-z0-9\-.]{1,40})"/g,
    (_whole, key: string, value: string) => `"${key}":"${value}-c${copy}"`,
  );
  return JSON.stringify(JSON.parse(rewritten));
}

describe('populationLines', () => {
  it('gives, for every type and copy, the lines a JSON round trip per resource gives', () => {
    const copies = 3;
    for (const type of exportTypes(patients)) {
      const expected: string[] = [];
      for (let copy = 0; copy < copies; copy += 1)
        for (const patient of patients)
          for (const resource of patient.resources)
            if (resource.resourceType === type) expected.push(roundTripCopy(resource, copy));
      expect([...populationLines(patients, copies, type)]).toEqual(expected);
    }
  });

  it('suffixes the ids and the chart references of a copy, the same way each time', () => {
    const first = [...populationLines(patients, 2, 'Observation')];
    expect([...populationLines(patients, 2, 'Observation')]).toEqual(first);
    const copy = first.slice(first.length / 2).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(copy.length).toBeGreaterThan(0);
    for (const resource of copy) {
      expect(resource.id).toMatch(/-c1$/);
      expect((resource.subject as { reference: string }).reference).toMatch(/^Patient\/.+-c1$/);
    }
  });

  it('counts in its manifest the lines each file holds', () => {
    for (const type of exportTypes(patients))
      expect(populationCount(patients, 4, type)).toBe([...populationLines(patients, 4, type)].length);
  });
});
