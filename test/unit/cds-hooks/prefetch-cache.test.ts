import { describe, expect, it } from 'vitest';
import type { PatientRecord } from '../../../src/core/types.js';
import { readHookBody } from '../../../src/cds-hooks/hook-body.js';
import { PrefetchCache, type CachedPrefetch } from '../../../src/cds-hooks/prefetch-cache.js';
import type { PrefetchScope } from '../../../src/cds-hooks/prefetch-digest.js';

const EHR_A: PrefetchScope = {
  issuer: 'https://ehr-a.example.org',
  fhirServers: ['https://fhir-a.example.org'],
};
const EHR_B: PrefetchScope = {
  issuer: 'https://ehr-b.example.org',
  fhirServers: ['https://fhir-a.example.org'],
};

function observation(id: string, value: number, unit = 'U/L'): Record<string, unknown> {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '1742-6' }] },
    valueQuantity: { value, unit },
  };
}

function requestText(values: number[], extra: Record<string, unknown> = {}, unit = 'U/L'): string {
  const labs = {
    resourceType: 'Bundle',
    type: 'searchset',
    entry: values.map((value, i) => ({ resource: observation(`alt-${i}`, value, unit) })),
  };
  return JSON.stringify({
    hook: 'patient-view',
    hookInstance: 'a',
    context: { userId: 'Practitioner/1', patientId: 'p-1' },
    prefetch: { patient: { resourceType: 'Patient', id: 'p-1' }, labs, laboratory: labs },
    ...extra,
  });
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

function entry(id = 'p-1'): CachedPrefetch {
  const record: PatientRecord = {
    patientId: id,
    labs: [],
    pregnancyStatus: [],
    medications: [],
    conditions: [],
    intolerances: [],
    dataQuality: [{ code: 'note', message: 'kept with the record' }] as PatientRecord['dataQuality'],
    gaps: [],
  };
  return { patientId: id, record, onlyWithoutServer: false };
}

/** Reads `text` once with the cache and, on a miss, stores `value` as the record mapped from it. */
function readAndKeep(cache: PrefetchCache, text: string, scope: PrefetchScope, value = entry()) {
  const read = readHookBody(bytes(text), scope, cache);
  read.known?.keep?.(value);
  return read;
}

describe('prefetch cache', () => {
  it('finds the record again for the identical prefetch, and parses only the rest of the request', () => {
    const cache = new PrefetchCache();
    const kept = entry();
    const first = readAndKeep(cache, requestText([40, 50, 60]), EHR_A, kept);
    expect(first.known?.hit).toBeUndefined();
    expect((first.json as { prefetch: Record<string, unknown> }).prefetch).toHaveProperty('labs');
    // Another hookInstance, the same prefetch: still the same record.
    const second = readHookBody(bytes(requestText([40, 50, 60], { hookInstance: 'b' })), EHR_A, cache);
    expect(second.known?.hit).toBe(kept);
    expect(second.json).toMatchObject({ hookInstance: 'b', context: { patientId: 'p-1' }, prefetch: {} });
  });

  it('misses when one byte of one Observation differs', () => {
    const cache = new PrefetchCache();
    readAndKeep(cache, requestText([40, 50, 60]), EHR_A);
    const changed = readHookBody(bytes(requestText([40, 50, 61])), EHR_A, cache);
    expect(changed.known?.hit).toBeUndefined();
    expect(JSON.stringify(changed.json)).toContain('"value":61');
  });

  it('misses when only the second copy of a prefetch value differs', () => {
    const cache = new PrefetchCache();
    const text = requestText([40, 50, 60]);
    readAndKeep(cache, text, EHR_A);
    const second = text.lastIndexOf('"value":60');
    const changed = `${text.slice(0, second)}"value":61${text.slice(second + '"value":60'.length)}`;
    expect(changed.indexOf('"value":60')).toBeGreaterThan(0);
    expect(readHookBody(bytes(changed), EHR_A, cache).known?.hit).toBeUndefined();
    expect(readHookBody(bytes(text), EHR_A, cache).known?.hit).toBeDefined();
  });

  it('misses when a non-ASCII character differs', () => {
    const cache = new PrefetchCache();
    readAndKeep(cache, requestText([40], {}, 'é'), EHR_A);
    expect(readHookBody(bytes(requestText([40], {}, 'é')), EHR_A, cache).known?.hit).toBeDefined();
    expect(readHookBody(bytes(requestText([40], {}, 'è')), EHR_A, cache).known?.hit).toBeUndefined();
  });

  it('never shares an entry between issuers or their FHIR servers', () => {
    const cache = new PrefetchCache();
    const text = requestText([40, 50]);
    readAndKeep(cache, text, EHR_A);
    expect(readHookBody(bytes(text), EHR_B, cache).known?.hit).toBeUndefined();
    expect(
      readHookBody(bytes(text), { ...EHR_A, fhirServers: ['https://other.example.org'] }, cache).known?.hit,
    ).toBeUndefined();
    expect(readHookBody(bytes(text), {}, cache).known?.hit).toBeUndefined();
    expect(readHookBody(bytes(text), EHR_A, cache).known?.hit).toBeDefined();
  });

  it('does not count a moved prefetch key as the same prefetch', () => {
    const cache = new PrefetchCache();
    readAndKeep(cache, requestText([40]), EHR_A);
    const renamed = requestText([40]).replace('"laboratory":', '"labs2":');
    expect(readHookBody(bytes(renamed), EHR_A, cache).known?.hit).toBeUndefined();
  });

  it('evicts the least recently used entry beyond its size', () => {
    const cache = new PrefetchCache({ maxEntries: 2 });
    const [a, b, c] = [requestText([1]), requestText([2]), requestText([3])];
    readAndKeep(cache, a, EHR_A);
    readAndKeep(cache, b, EHR_A);
    expect(readHookBody(bytes(a), EHR_A, cache).known?.hit).toBeDefined(); // a is now the most recent
    readAndKeep(cache, c, EHR_A);
    expect(cache.size).toBe(2);
    expect(readHookBody(bytes(b), EHR_A, cache).known?.hit).toBeUndefined();
    expect(readHookBody(bytes(a), EHR_A, cache).known?.hit).toBeDefined();
    expect(readHookBody(bytes(c), EHR_A, cache).known?.hit).toBeDefined();
  });

  it('evicts beyond its byte budget, and never keeps a prefetch larger than the budget', () => {
    const one = requestText([1]);
    const size = JSON.stringify(JSON.parse(one).prefetch).length;
    const cache = new PrefetchCache({ maxBytes: Math.floor(size * 1.5) });
    readAndKeep(cache, one, EHR_A);
    readAndKeep(cache, requestText([2]), EHR_A);
    expect(cache.size).toBe(1);
    expect(readHookBody(bytes(one), EHR_A, cache).known?.hit).toBeUndefined();
    const tiny = new PrefetchCache({ maxBytes: 10 });
    readAndKeep(tiny, one, EHR_A);
    expect(tiny.size).toBe(0);
  });

  it('forgets an entry once its time to live has passed (injected clock)', () => {
    let now = 1_000_000;
    const cache = new PrefetchCache({ now: () => now, ttlMs: 60_000 });
    const text = requestText([40]);
    readAndKeep(cache, text, EHR_A);
    now += 59_999;
    expect(readHookBody(bytes(text), EHR_A, cache).known?.hit).toBeDefined();
    now += 1;
    expect(readHookBody(bytes(text), EHR_A, cache).known?.hit).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('freezes what it keeps, so no call can change the record another call reads', () => {
    const cache = new PrefetchCache();
    const kept = entry();
    readAndKeep(cache, requestText([40]), EHR_A, kept);
    expect(Object.isFrozen(kept.record)).toBe(true);
    expect(Object.isFrozen(kept.record.dataQuality[0])).toBe(true);
    expect(() => kept.record.labs.push({} as PatientRecord['labs'][number])).toThrow(TypeError);
  });

  it('reads a body without a prefetch, or without a cache, as JSON.parse does', () => {
    const cache = new PrefetchCache();
    const text = JSON.stringify({ hook: 'patient-view', context: { patientId: 'p-1' } });
    expect(readHookBody(bytes(text), EHR_A, cache)).toEqual({ json: JSON.parse(text) });
    expect(readHookBody(bytes(requestText([1])), EHR_A).json).toEqual(JSON.parse(requestText([1])));
    expect(cache.size).toBe(0);
  });
});
