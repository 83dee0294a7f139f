import { parseSearchRequest, type SearchRequest } from '@medplum/core';
import { MemoryRepository } from '@medplum/fhir-router';
import type { Bundle, Observation, Resource } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { planSearches } from '../../../src/fhir/load/search-plan.js';
import { IndexedMemoryRepository } from '../../../src/sandbox/fhir/indexed-repository.js';
import { planSearch } from '../../../src/sandbox/fhir/search.js';
import { createFhirStore } from '../../../src/sandbox/fhir/store.js';
import { syntheticPatients } from '../../../src/sandbox/patients/index.js';
import type { SupportedType } from '../../../src/sandbox/faults.js';

const patients = syntheticPatients('2026-06-15');
let repo: IndexedMemoryRepository;

beforeAll(async () => {
  const store = await createFhirStore(patients);
  if (!(store instanceof IndexedMemoryRepository)) throw new Error('The store is not indexed.');
  repo = store;
}, 60_000);

/** The store's own scan over every resource of the type, on the very same stored resources. */
const scan = (request: SearchRequest): Promise<Bundle> =>
  MemoryRepository.prototype.search.call(repo, request);

/** A search as the demo EHR hands it to the store (handler.ts): confined, paged, with a total. */
function storeRequest(type: SupportedType, params: URLSearchParams, patientId: string): SearchRequest {
  const plan = planSearch(type, params, patientId);
  if (!plan.ok) throw new Error(plan.message);
  const query = new URLSearchParams(plan.query);
  query.set('_count', String(plan.count));
  query.set('_offset', String(plan.offset));
  query.set('_total', 'accurate');
  return parseSearchRequest(`${type}?${query.toString()}`);
}

/** Every search the app sends for a patient, for each EHR kind, and each one paged by two. */
function appSearches(patientId: string): SearchRequest[] {
  const kinds = ['generic', 'epic', 'oracle'] as const;
  return kinds.flatMap((ehr) =>
    planSearches(patientId, ehr)
      .filter((search) => search.kind === 'search')
      .flatMap((search) => {
        const [type, query = ''] = search.url.split('?') as [SupportedType, string];
        const params = new URLSearchParams(query);
        const paged = (offset: number): URLSearchParams => {
          const page = new URLSearchParams(params);
          page.set('_count', '2');
          page.set('_offset', String(offset));
          return page;
        };
        return [params, paged(0), paged(2), paged(6)].map((p) => storeRequest(type, p, patientId));
      }),
  );
}

async function expectSameAsScan(request: SearchRequest): Promise<Bundle> {
  const indexed = await repo.search(request);
  expect(indexed).toEqual(await scan(request));
  return indexed;
}

describe('the demo EHR store indexed by patient reference', () => {
  it('answers every search the app sends, for every seeded patient, as the scan does', async () => {
    let matched = 0;
    for (const patient of patients) {
      for (const request of appSearches(patient.id)) {
        matched += (await expectSameAsScan(request)).entry?.length ?? 0;
      }
    }
    expect(matched).toBeGreaterThan(500);
  });

  it("answers them from the index, looking at the patient's own resources only", async () => {
    const seeded = patients.flatMap((patient) => patient.resources);
    for (const patient of patients) {
      for (const request of appSearches(patient.id)) {
        const own = seeded.filter((resource) => {
          const ref = resource as { subject?: { reference?: string }; patient?: { reference?: string } };
          const compartment = ref.subject?.reference ?? ref.patient?.reference;
          return resource.resourceType === request.resourceType && compartment === `Patient/${patient.id}`;
        });
        expect(repo.candidatesFor(request)?.map((r) => r.id)).toEqual(own.map((r) => r.id));
      }
    }
    const all = await scan(parseSearchRequest('Observation?_count=1000'));
    expect(all.total).toBeGreaterThan(100);
  });

  it('gives the scan its due where the index cannot answer exactly, with the same results', async () => {
    const ada = 'Patient/aih-ada';
    const others = [
      `Observation?subject=${ada},Patient/aih-ben&category=laboratory`,
      'Observation?subject=Patient/nobody',
      `Observation?subject=${ada}&subject=Patient/aih-ben`,
      'Observation?subject:missing=true',
      'Observation?subject=',
      `Observation?subject:not=${ada}&_count=500`,
      `Observation?subject=${ada}&_sort=-date`,
      `Observation?patient=${ada}`,
      `AllergyIntolerance?patient=${ada}`,
      `Condition?subject=${ada}&_count=1&_offset=1`,
    ];
    for (const url of others) await expectSameAsScan(parseSearchRequest(url));
    expect(repo.candidatesFor(parseSearchRequest('Observation?subject:missing=true'))).toBeUndefined();
    expect(repo.candidatesFor(parseSearchRequest(`Observation?subject=${ada}&_sort=-date`))).toBeUndefined();
    expect(repo.candidatesFor(parseSearchRequest('Observation?subject='))).toBeUndefined();
    expect(repo.candidatesFor(parseSearchRequest('Observation?subject=Patient/nobody'))).toEqual([]);
  });

  it('follows writes: an update that moves a resource, a delete and a create, in the scan order', async () => {
    const fresh = await createFhirStore(patients);
    if (!(fresh instanceof IndexedMemoryRepository)) throw new Error('The store is not indexed.');
    repo = fresh;
    const adaLabs = parseSearchRequest('Observation?subject=Patient/aih-ada&_count=500');
    const before = await repo.search(adaLabs);
    const [first, second, third] = (before.entry ?? []).map((entry) => entry.resource as Observation);
    if (!first || !second || !third) throw new Error('Expected seeded observations.');
    const other = patients.find((patient) => patient.id !== 'aih-ada')?.id ?? '';
    await repo.updateResource({ ...second, subject: { reference: `Patient/${other}` } });
    await repo.updateResource({ ...first, status: 'amended' });
    await repo.deleteResource('Observation', third.id ?? '');
    await repo.createResource<Resource>({
      ...third,
      id: 'moved-in',
      subject: { reference: 'Patient/aih-ada' },
    });
    const after = await expectSameAsScan(adaLabs);
    const ids = (after.entry ?? []).map((entry) => entry.resource?.id);
    expect(ids).not.toContain(second.id);
    expect(ids).not.toContain(third.id);
    expect(ids[0]).toBe(first.id);
    expect(ids.at(-1)).toBe('moved-in');
    const moved = await expectSameAsScan(
      parseSearchRequest(`Observation?subject=Patient/${other}&_count=500`),
    );
    expect((moved.entry ?? []).map((entry) => entry.resource?.id)).toContain(second.id);
    repo.clear();
    expect(await expectSameAsScan(adaLabs)).toMatchObject({ total: 0 });
  });
});
