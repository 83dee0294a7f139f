/**
 * The in-memory store with an index on reference search parameters (`Observation.subject`…), as a real
 * FHIR server has one: a search confined to a patient looks at that patient's resources only instead of
 * evaluating FHIRPath on every resource of the type. The index files each resource under the very
 * values medplum's own matching compares (the parameter's expression, made searchable references), and
 * every candidate still goes through medplum's full matching, so results, order, totals and paging are
 * those of the scan. Searches the index cannot answer exactly (sorted, negated, `:missing`, another
 * parameter) are left to the scan.
 */
import {
  convertToSearchableReferences,
  deepClone,
  evalFhirPathTyped,
  getSearchParameter,
  matchesSearchRequest,
  Operator,
  splitSearchOnComma,
  toTypedValue,
  type SearchRequest,
  type WithId,
} from '@medplum/core';
import { MemoryRepository } from '@medplum/fhir-router';
import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes';

/** A reference search parameter to index, e.g. `{ resourceType: 'Observation', code: 'subject' }`. */
export interface IndexedParameter {
  resourceType: string;
  code: string;
}

/** What one resource is filed under: its position in the store's order and its values per parameter. */
interface Filed {
  resource: Resource;
  position: number;
  values: Map<string, readonly string[]>;
}

const keyOf = (resourceType: string, code: string): string => `${resourceType}|${code}`;

export class IndexedMemoryRepository extends MemoryRepository {
  /** Parameter codes indexed per type: reference parameters known when the store is built. */
  readonly #codes = new Map<string, Set<string>>();
  /** type → id → filed resource; the map's order is the store's own (insertion, kept on update). */
  readonly #filed = new Map<string, Map<string, Filed>>();
  /** `type|code` → reference value → ids of the resources that have it. */
  readonly #buckets = new Map<string, Map<string, Set<string>>>();
  #nextPosition = 0;

  /** The FHIR definitions (search parameters) must be loaded before: the index evaluates them. */
  constructor(parameters: readonly IndexedParameter[]) {
    super();
    for (const { resourceType, code } of parameters) {
      if (getSearchParameter(resourceType, code)?.type !== 'reference') continue;
      const codes = this.#codes.get(resourceType) ?? new Set<string>();
      codes.add(code);
      this.#codes.set(resourceType, codes);
      this.#buckets.set(keyOf(resourceType, code), new Map());
    }
  }

  override async createResource<T extends Resource>(resource: T): Promise<WithId<T>> {
    const created = await super.createResource(resource);
    // A copy of its own: the caller may change the one it is given.
    this.#file(deepClone(created));
    return created;
  }

  override async deleteResource(resourceType: string, id: string): Promise<void> {
    await super.deleteResource(resourceType, id);
    this.#unfile(resourceType, id);
  }

  override clear(): void {
    super.clear();
    this.#filed.clear();
    for (const bucket of this.#buckets.values()) bucket.clear();
  }

  override async search<T extends Resource>(searchRequest: SearchRequest<T>): Promise<Bundle<WithId<T>>> {
    const candidates = this.candidatesFor(searchRequest);
    if (!candidates) return super.search(searchRequest);
    // As MemoryRepository.search, over the candidates instead of every resource of the type.
    const result = candidates.filter((resource) => matchesSearchRequest(resource, searchRequest));
    let entry: BundleEntry<WithId<T>>[] = result.map((resource) => ({
      resource: deepClone(resource) as WithId<T>,
    }));
    if (searchRequest.offset !== undefined) entry = entry.slice(searchRequest.offset);
    if (searchRequest.count !== undefined) entry = entry.slice(0, searchRequest.count);
    return {
      resourceType: 'Bundle',
      type: 'searchset',
      ...(entry.length > 0 ? { entry } : {}),
      total: result.length,
    };
  }

  /**
   * The resources a search can match, in the store's order, when an indexed parameter is one of its
   * filters (`subject=Patient/1`, or several values separated by commas); undefined when the search has
   * to scan.
   */
  candidatesFor(searchRequest: SearchRequest): Resource[] | undefined {
    const { resourceType } = searchRequest;
    const codes = this.#codes.get(resourceType);
    if (!codes || (searchRequest.sortRules?.length ?? 0) > 0) return undefined;
    const filter = searchRequest.filters?.find(
      // An empty value also matches resources without the element: only the scan knows those.
      (candidate) =>
        codes.has(candidate.code) && candidate.operator === Operator.EQUALS && candidate.value !== '',
    );
    const bucket = filter && this.#buckets.get(keyOf(resourceType, filter.code));
    if (!filter || !bucket) return undefined;
    const filed = this.#filed.get(resourceType);
    const found: Filed[] = [];
    const ids = new Set<string>();
    for (const value of splitSearchOnComma(filter.value)) {
      for (const id of bucket.get(value) ?? []) {
        const entry = filed?.get(id);
        if (entry && !ids.has(id)) {
          ids.add(id);
          found.push(entry);
        }
      }
    }
    return found.sort((a, b) => a.position - b.position).map((entry) => entry.resource);
  }

  #file(resource: Resource): void {
    const { resourceType, id } = resource;
    if (!id) return;
    const filed = this.#filed.get(resourceType) ?? new Map<string, Filed>();
    this.#filed.set(resourceType, filed);
    const previous = filed.get(id);
    if (previous) this.#removeValues(resourceType, id, previous);
    const values = new Map<string, readonly string[]>();
    for (const code of this.#codes.get(resourceType) ?? []) {
      const expression = getSearchParameter(resourceType, code)?.expression;
      const found = expression
        ? convertToSearchableReferences(evalFhirPathTyped(expression, [toTypedValue(resource)]))
        : [];
      values.set(code, found);
      const bucket = this.#buckets.get(keyOf(resourceType, code));
      for (const value of found) {
        const ids = bucket?.get(value) ?? new Set<string>();
        ids.add(id);
        bucket?.set(value, ids);
      }
    }
    // An update keeps its place in the store's order, as the store's own map does.
    filed.set(id, { resource, position: previous?.position ?? this.#nextPosition++, values });
  }

  #unfile(resourceType: string, id: string): void {
    const filed = this.#filed.get(resourceType);
    const previous = filed?.get(id);
    if (!filed || !previous) return;
    this.#removeValues(resourceType, id, previous);
    filed.delete(id);
  }

  #removeValues(resourceType: string, id: string, filed: Filed): void {
    for (const [code, values] of filed.values) {
      const bucket = this.#buckets.get(keyOf(resourceType, code));
      for (const value of values) {
        const ids = bucket?.get(value);
        ids?.delete(id);
        if (ids?.size === 0) bucket?.delete(value);
      }
    }
  }
}
