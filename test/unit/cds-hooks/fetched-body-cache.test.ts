import { describe, expect, it } from 'vitest';
import { FetchedBodyCache, fetchedBodyDigest } from '../../../src/cds-hooks/fetched-body-cache.js';

const SERVER_A = 'https://fhir-a.example.org/r4/';
const SERVER_B = 'https://fhir-b.example.org/r4/';

const bytes = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const bundle = (alt: number): Buffer =>
  bytes({
    resourceType: 'Bundle',
    type: 'searchset',
    entry: [{ resource: { resourceType: 'Observation', id: 'alt-1', valueQuantity: { value: alt } } }],
  });

/** Reads `body` through `cache`, counting the parses it needed. */
function reader(cache: FetchedBodyCache) {
  let parses = 0;
  const read = (server: string, body: Buffer, encoding = '') =>
    cache.read(server, encoding, body, () => {
      parses += 1;
      const text = body.toString('utf8');
      return { value: JSON.parse(text) as unknown, length: text.length };
    });
  return { read, parses: () => parses };
}

describe('answers of the FHIR server kept by their exact bytes', () => {
  it('hands the same frozen parse back for the same bytes from the same server', () => {
    const { read, parses } = reader(new FetchedBodyCache());
    const first = read(SERVER_A, bundle(100));
    const again = read(SERVER_A, bundle(100));
    expect(parses()).toBe(1);
    expect(again.value).toBe(first.value);
    expect(again.digest).toBe(first.digest);
    expect(Object.isFrozen(first.value)).toBe(true);
    const entry = (first.value as { entry: { resource: object }[] }).entry[0];
    expect(Object.isFrozen(entry?.resource)).toBe(true);
  });

  it('parses an answer that differs by one byte again', () => {
    const { read, parses } = reader(new FetchedBodyCache());
    const first = read(SERVER_A, bundle(100));
    const other = read(SERVER_A, bundle(101));
    expect(parses()).toBe(2);
    expect(other.digest).not.toBe(first.digest);
    expect(other.value).toMatchObject({ entry: [{ resource: { valueQuantity: { value: 101 } } }] });
    const trailingSpace = Buffer.concat([bundle(100), Buffer.from(' ')]);
    expect(read(SERVER_A, trailingSpace).value).not.toBe(first.value);
    expect(parses()).toBe(3);
  });

  it('never shares a parse between FHIR servers, nor between content encodings', () => {
    const { read, parses } = reader(new FetchedBodyCache());
    const fromA = read(SERVER_A, bundle(100));
    const fromB = read(SERVER_B, bundle(100));
    expect(parses()).toBe(2);
    expect(fromB.value).not.toBe(fromA.value);
    expect(fromB.digest).not.toBe(fromA.digest);
    expect(read(SERVER_A, bundle(100), 'identity').digest).not.toBe(fromA.digest);
    expect(read(SERVER_B, bundle(100)).value).toBe(fromB.value);
  });

  it('does not keep text that is not JSON', () => {
    const cache = new FetchedBodyCache();
    const read = (): unknown =>
      cache.read(SERVER_A, '', Buffer.from('not json'), () => ({ value: 'not json', length: 8 })).value;
    expect(read()).toBe('not json');
    expect(cache.size).toBe(0);
  });

  it('stays within its bounds: entries, bytes and age', () => {
    let now = 0;
    const cache = new FetchedBodyCache({ maxEntries: 2, maxBytes: 10_000, ttlMs: 60_000, now: () => now });
    const { read, parses } = reader(cache);
    for (const alt of [1, 2, 3]) read(SERVER_A, bundle(alt));
    expect(cache.size).toBe(2);
    read(SERVER_A, bundle(1)); // the least recently used, dropped
    expect(parses()).toBe(4);
    now = 60_000;
    read(SERVER_A, bundle(1));
    expect(parses()).toBe(5);
    const small = new FetchedBodyCache({ maxBytes: 10 });
    reader(small).read(SERVER_A, bundle(1));
    expect(small.size).toBe(0);
  });

  it('names the server, the encoding and the bytes apart, so no two different sequences hash alike', () => {
    const one = fetchedBodyDigest('https://a/', 'gzip', Buffer.from('x'));
    expect(fetchedBodyDigest('https://a/g', 'zip', Buffer.from('x'))).not.toBe(one);
    expect(fetchedBodyDigest('https://a/', 'gzipx', Buffer.from(''))).not.toBe(one);
    expect(fetchedBodyDigest('https://a/', 'gzip', Buffer.from('x'))).toBe(one);
  });
});
