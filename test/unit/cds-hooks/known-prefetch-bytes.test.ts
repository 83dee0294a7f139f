import { describe, expect, it } from 'vitest';
import type { PatientRecord } from '../../../src/core/types.js';
import { readHookBody, type PrefetchStore } from '../../../src/cds-hooks/hook-body.js';
import { HttpProblem } from '../../../src/cds-hooks/http.js';
import { KnownPrefetchBytes } from '../../../src/cds-hooks/known-prefetch-bytes.js';
import { PrefetchCache, type CachedPrefetch } from '../../../src/cds-hooks/prefetch-cache.js';
import type { PrefetchScope } from '../../../src/cds-hooks/prefetch-digest.js';

const EHR: PrefetchScope = { issuer: 'https://ehr.example.org', fhirServers: ['https://fhir.example.org'] };
const BOUNDS = { maxEntries: 64, maxBytes: 1024 * 1024, ttlMs: 60_000 };

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

function prefetchText(altValue: number): string {
  const labs = {
    resourceType: 'Bundle',
    type: 'searchset',
    entry: [40, 50, altValue].map((value, i) => ({
      resource: { resourceType: 'Observation', id: `alt-${i}`, status: 'final', valueQuantity: { value } },
    })),
  };
  return JSON.stringify({ patient: { resourceType: 'Patient', id: 'p-1' }, labs, laboratory: labs });
}

/** A request whose members are written out, so tests can place the prefetch where they need it. */
function request(members: string[]): string {
  return `{${members.join(',')}}`;
}
const HEAD = [
  '"hook":"order-sign"',
  '"hookInstance":"a"',
  '"context":{"userId":"Practitioner/1","patientId":"p-1"}',
];

function entry(): CachedPrefetch {
  const record = {
    patientId: 'p-1',
    labs: [],
    pregnancyStatus: [],
    medications: [],
    conditions: [],
    intolerances: [],
    dataQuality: [],
    gaps: [],
  } as PatientRecord;
  return { patientId: 'p-1', record, onlyWithoutServer: false };
}

/** A cache holding the record of `text`'s prefetch, read the ordinary way. */
function cacheKnowing(text: string, scope = EHR): { cache: PrefetchCache; kept: CachedPrefetch } {
  const cache = new PrefetchCache();
  const kept = entry();
  const first = readHookBody(bytes(text), scope, cache);
  expect(first.known?.hit).toBeUndefined();
  first.known?.keep?.(kept);
  return { cache, kept };
}

/**
 * A store that knows one object's bytes under a key no digest gives: a hit can only come from the bytes,
 * so each test shows what finding by bytes takes and refuses.
 */
function planted(object: string): { store: PrefetchStore; kept: CachedPrefetch } {
  const kept = entry();
  const knownObjects = new KnownPrefetchBytes(BOUNDS);
  knownObjects.remember(EHR, bytes(object), 'planted');
  return {
    store: { get: (key) => (key === 'planted' ? kept : undefined), set: () => undefined, knownObjects },
    kept,
  };
}

/** What the ordinary read gives: the request with `prefetch: {}`. */
const withoutPrefetch = (text: string): unknown => ({ ...(JSON.parse(text) as object), prefetch: {} });

describe('known prefetch objects, found by their bytes', () => {
  it('finds a prefetch sent again, with spaces around its colon, and reads the rest as JSON.parse', () => {
    const first = request([...HEAD, `"prefetch":${prefetchText(60)}`]);
    const { cache, kept } = cacheKnowing(first);
    expect(cache.knownObjects.size).toBe(1);
    const again = request([
      '"hookInstance":"b"',
      `"prefetch" :\n ${prefetchText(60)}`,
      ...HEAD.slice(0, 1),
      HEAD[2]!,
    ]);
    // Remembered under the key its record is kept by.
    const found = cache.knownObjects.find(bytes(again), EHR);
    expect(found && cache.get(found.key)).toBe(kept);
    const read = readHookBody(bytes(again), EHR, cache);
    expect(read.known?.hit).toBe(kept);
    expect(read.json).toEqual(withoutPrefetch(again));
    expect(JSON.stringify(read.json)).toBe(JSON.stringify(withoutPrefetch(again)));
    // The prefetch itself, when a call needs it, is the one the body carries.
    expect(read.known?.prefetch?.()).toEqual(JSON.parse(prefetchText(60)));
  });

  it('answers from the bytes alone, without the digest', () => {
    const object = prefetchText(60);
    const { store, kept } = planted(object);
    const text = request([...HEAD, `"prefetch":${object}`]);
    expect(readHookBody(bytes(text), EHR, store).known?.hit).toBe(kept);
    expect(
      readHookBody(bytes(text), { issuer: 'https://other.example.org' }, store).known?.hit,
    ).toBeUndefined();
  });

  it('says where the object stands in the body', () => {
    const known = new KnownPrefetchBytes(BOUNDS);
    const object = prefetchText(60);
    known.remember(EHR, bytes(object), 'key-1');
    const body = request([...HEAD, `"prefetch":${object}`]);
    const found = known.find(bytes(body), EHR);
    expect(found).toEqual({
      key: 'key-1',
      start: body.indexOf(object),
      end: body.indexOf(object) + object.length,
    });
    expect(known.find(bytes(body), { ...EHR, issuer: 'https://other.example.org' })).toBeUndefined();
    expect(known.find(bytes(body), { issuer: EHR.issuer })).toBeUndefined();
    expect(known.find(bytes(request([...HEAD, `"prefetch":${prefetchText(61)}`])), EHR)).toBeUndefined();
  });

  it('does not take the object where it is not the top-level prefetch', () => {
    const object = prefetchText(60);
    const { store: cache } = planted(object);
    // The known object inside the context, and another prefetch at the top: the other one is read.
    const nested = request([
      '"hook":"order-sign"',
      `"context":{"patientId":"p-1","note":{"prefetch":${object}}}`,
      `"prefetch":${prefetchText(61)}`,
    ]);
    const read = readHookBody(bytes(nested), EHR, cache);
    expect(read.known?.hit).toBeUndefined();
    expect(read.json).toEqual(JSON.parse(nested));
    // Inside a string, it is text.
    const quoted = request([...HEAD, `"note":${JSON.stringify(`"prefetch":${object}`)}`]);
    expect(readHookBody(bytes(quoted), EHR, cache)).toEqual({ json: JSON.parse(quoted) });
  });

  it('does not take the object when the body has two top-level prefetch members', () => {
    const object = prefetchText(60);
    const { store: cache } = planted(object);
    const twice = request([...HEAD, `"prefetch":${object}`, `"prefetch":${prefetchText(61)}`]);
    const read = readHookBody(bytes(twice), EHR, cache);
    expect(read.known?.hit).toBeUndefined();
    // As JSON.parse reads it: the last member wins.
    expect(read.json).toEqual(JSON.parse(twice));
    expect(JSON.stringify(read.json)).toContain('"value":61');
  });

  it('refuses invalid JSON or too deep nesting around a known object, as without it', () => {
    const object = prefetchText(60);
    const { store: cache } = planted(object);
    const broken = `${request([...HEAD, `"prefetch":${object}`]).slice(0, -1)},}`;
    expect(() => readHookBody(bytes(broken), EHR, cache)).toThrow(
      expect.objectContaining({ status: 400, code: 'invalid-json' }) as HttpProblem,
    );
    const deep = request([...HEAD, `"deep":${'['.repeat(200)}${']'.repeat(200)}`, `"prefetch":${object}`]);
    expect(() => readHookBody(bytes(deep), EHR, cache)).toThrow(
      expect.objectContaining({ status: 400, code: 'too-deeply-nested' }) as HttpProblem,
    );
  });

  it('finds nothing once the record is gone from the cache, and keeps it again on the next miss', () => {
    let now = 1_000_000;
    const cache = new PrefetchCache({ now: () => now, ttlMs: 60_000 });
    const text = request([...HEAD, `"prefetch":${prefetchText(60)}`]);
    readHookBody(bytes(text), EHR, cache).known?.keep?.(entry());
    now += 60_000;
    const missed = readHookBody(bytes(text), EHR, cache);
    expect(missed.known?.hit).toBeUndefined();
    missed.known?.keep?.(entry());
    expect(cache.knownObjects.size).toBe(1);
    expect(readHookBody(bytes(text), EHR, cache).known?.hit).toBeDefined();
  });

  it('keeps at most its entries and bytes, the most recently found first', () => {
    const known = new KnownPrefetchBytes({ ...BOUNDS, maxEntries: 2 });
    const objects = [60, 61, 62].map(prefetchText);
    known.remember(EHR, bytes(objects[0]!), 'a');
    known.remember(EHR, bytes(objects[1]!), 'b');
    expect(known.find(bytes(`{"prefetch":${objects[0]!}}`), EHR)?.key).toBe('a');
    known.remember(EHR, bytes(objects[2]!), 'c');
    expect(known.size).toBe(2);
    expect(known.find(bytes(`{"prefetch":${objects[1]!}}`), EHR)).toBeUndefined();
    expect(known.find(bytes(`{"prefetch":${objects[0]!}}`), EHR)?.key).toBe('a');
    const small = new KnownPrefetchBytes({ ...BOUNDS, maxBytes: objects[0]!.length + 10 });
    small.remember(EHR, bytes(objects[0]!), 'a');
    small.remember(EHR, bytes(objects[1]!), 'b');
    expect(small.size).toBe(1);
    expect(small.find(bytes(`{"prefetch":${objects[1]!}}`), EHR)?.key).toBe('b');
  });

  it('remembers no object of a body that is not ASCII (its text offsets are not byte offsets)', () => {
    const text = request([...HEAD, '"note":"é"', `"prefetch":${prefetchText(60)}`]);
    const { cache } = cacheKnowing(text);
    expect(cache.knownObjects.size).toBe(0);
    expect(readHookBody(bytes(text), EHR, cache).known?.hit).toBeDefined();
  });

  it('finds an ASCII object again in a body with other characters around it', () => {
    const object = prefetchText(60);
    const { store: cache, kept } = planted(object);
    const text = request([...HEAD, '"note":"é ü 漢"', `"prefetch":${object}`, '"after":"ß"']);
    const read = readHookBody(bytes(text), EHR, cache);
    expect(read.known?.hit).toBe(kept);
    expect(read.json).toEqual(withoutPrefetch(text));
  });
});
