import { generateKeyPairSync } from 'node:crypto';
import { CompactSign, generateKeyPair, type CryptoKey } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  keyObjectOf,
  signatureVerifies,
  SIGNATURE_ALGORITHMS,
} from '../../../src/cds-hooks/jws-signature.js';
import { ACCEPTED_ALGORITHMS } from '../../../src/cds-hooks/jwt-trust.js';

async function signed(alg: string, privateKey: CryptoKey): Promise<{ input: string; signature: string }> {
  const jws = await new CompactSign(new TextEncoder().encode('{"iss":"x"}'))
    .setProtectedHeader({ alg })
    .sign(privateKey);
  const [header = '', payload = '', signature = ''] = jws.split('.');
  return { input: `${header}.${payload}`, signature };
}

describe('JWS signatures checked with node:crypto', () => {
  it('knows exactly the algorithms the service accepts', () => {
    expect([...SIGNATURE_ALGORITHMS].sort()).toEqual([...ACCEPTED_ALGORITHMS].sort());
  });

  it.each(['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'])(
    'verifies a %s signature made by jose, and refuses it once altered',
    async (alg) => {
      const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
      const key = keyObjectOf(publicKey);
      expect(key).toBeDefined();
      const { input, signature } = await signed(alg, privateKey);
      expect(await signatureVerifies(alg, key!, input, signature)).toBe(true);
      expect(await signatureVerifies(alg, key!, `${input}x`, signature)).toBe(false);
      const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'B' : 'A'}${signature.slice(11)}`;
      expect(await signatureVerifies(alg, key!, input, flipped)).toBe(false);
      // Too short, or none: refused, never thrown.
      for (const cut of [signature.slice(0, 8), ''])
        expect(await signatureVerifies(alg, key!, input, cut)).toBe(false);
    },
  );

  it('refuses a key of another kind than the algorithm names', async () => {
    const es256 = await generateKeyPair('ES256', { extractable: true });
    const { input, signature } = await signed('ES256', es256.privateKey);
    const p256 = keyObjectOf(es256.publicKey)!;
    // The same P-256 key offered for ES384, or for an RSA algorithm, is not used.
    expect(await signatureVerifies('ES384', p256, input, signature)).toBe(false);
    expect(await signatureVerifies('RS256', p256, input, signature)).toBe(false);
    expect(await signatureVerifies('HS256', p256, input, signature)).toBe(false);
    expect(await signatureVerifies('none', p256, input, '')).toBe(false);
  });

  it('refuses an RSA key shorter than 2048 bits', async () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(await signatureVerifies('RS256', publicKey, 'a.b', 'c')).toBe(false);
  });

  it('refuses a private key and anything that is not a public key', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    expect(await signatureVerifies('ES384', privateKey, 'a.b', 'c')).toBe(false);
    expect(keyObjectOf({ kty: 'EC' })).toBeUndefined();
    expect(keyObjectOf(new Uint8Array(32))).toBeUndefined();
  });

  it('converts one CryptoKey once', async () => {
    const { publicKey } = await generateKeyPair('ES384', { extractable: true });
    expect(keyObjectOf(publicKey)).toBe(keyObjectOf(publicKey));
  });
});
