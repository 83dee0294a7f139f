import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AIH_NAVIGATOR_UUID_NAMESPACE,
  deterministicUuid,
  DNS_UUID_NAMESPACE,
  sha1,
  URL_UUID_NAMESPACE,
  uuidV5,
} from '../../../src/core/uuid.js';

const V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

describe('sha1', () => {
  it('matches the FIPS 180 test vectors', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(hex(sha1(enc('abc')))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(hex(sha1(enc('')))).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(hex(sha1(enc('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '84983e441c3bd26ebaae4aa1f95129e5e54670f1',
    );
  });

  it('matches node:crypto for any input, including block-boundary lengths', () => {
    for (const length of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000]) {
      const bytes = new Uint8Array(length).map((_, i) => (i * 31 + length) & 0xff);
      expect(hex(sha1(bytes))).toBe(createHash('sha1').update(bytes).digest('hex'));
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(hex(sha1(bytes))).toBe(createHash('sha1').update(bytes).digest('hex'));
      }),
    );
  });
});

describe('uuidV5', () => {
  it('matches published version-5 uuids', () => {
    // Python documentation: uuid.uuid5(uuid.NAMESPACE_DNS, 'python.org').
    expect(uuidV5('python.org', DNS_UUID_NAMESPACE)).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
    expect(uuidV5('www.example.com', DNS_UUID_NAMESPACE)).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('derives the project namespace from the project URL', () => {
    expect(uuidV5('https://aih-navigator.org/', URL_UUID_NAMESPACE)).toBe(AIH_NAVIGATOR_UUID_NAMESPACE);
  });

  it('rejects a malformed namespace', () => {
    expect(() => uuidV5('x', 'not-a-uuid')).toThrow(/Not a uuid/);
  });
});

describe('deterministicUuid', () => {
  it('is a version-5 uuid, the same for the same seed (any text, including non-ASCII)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (seed) => {
        const id = deterministicUuid(seed);
        expect(id).toMatch(V5);
        expect(deterministicUuid(seed)).toBe(id);
      }),
    );
  });

  it('differs for different seeds', () => {
    const seeds = Array.from(
      { length: 2000 },
      (_, i) => `card|patient-${i % 50}|2025-09-${(i % 28) + 1}|${i}`,
    );
    expect(new Set(seeds.map(deterministicUuid)).size).toBe(seeds.length);
    expect(deterministicUuid('card|p1|2025-09-01')).not.toBe(deterministicUuid('card|p1|2025-09-02'));
  });
});
