/**
 * The in-memory FHIR store, seeded with the synthetic patients. Every seeded resource passes
 * medplum's R4 validator first, so a mistake in the synthetic data fails loudly at start.
 */
import { OperationOutcomeError, validateResource } from '@medplum/core';
import type { MemoryRepository } from '@medplum/fhir-router';
import type { Resource } from '@medplum/fhirtypes';
import type { SyntheticPatient } from '../patients/types.js';
import { loadFhirDefinitions } from './definitions.js';
import { IndexedMemoryRepository } from './indexed-repository.js';
import { COMPARTMENT_REFERENCE_PARAMETERS } from './search.js';

export async function createFhirStore(patients: readonly SyntheticPatient[]): Promise<MemoryRepository> {
  loadFhirDefinitions();
  // Indexed by patient reference: every search the EHR answers is confined to one patient.
  const repo = new IndexedMemoryRepository(COMPARTMENT_REFERENCE_PARAMETERS);
  for (const patient of patients) {
    for (const resource of patient.resources) {
      const fhir = resource as unknown as Resource;
      try {
        validateResource(fhir);
      } catch (error) {
        const detail = error instanceof OperationOutcomeError ? error.message : String(error);
        throw new Error(`Synthetic ${resource.resourceType}/${resource.id} is invalid: ${detail}`);
      }
      // createResource keeps the given id, so references between the seeded resources hold.
      await repo.createResource(fhir);
    }
  }
  return repo;
}
