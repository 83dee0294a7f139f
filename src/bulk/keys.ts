/**
 * The client's private key for SMART Backend Services, from a file: a JWKS or single JWK with the
 * private part (`d`), or a PKCS #8 PEM. The algorithm follows the key (RSA → RS384, P-384 → ES384)
 * unless one is asked for.
 */
import { createPrivateKey, type KeyObject as NodeKeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { importJWK, type CryptoKey, type JWK, type KeyObject } from 'jose';
import { z } from 'zod';
import type { SigningAlgorithm } from './backend-auth.js';
import { BulkError } from './http.js';

export interface ClientKey {
  key: CryptoKey | KeyObject;
  alg: SigningAlgorithm;
  kid?: string;
}

const jwkSchema = z.looseObject({
  kty: z.string(),
  d: z.string().optional(),
  kid: z.string().optional(),
  alg: z.string().optional(),
  crv: z.string().optional(),
});
const jwksSchema = z.object({ keys: z.array(jwkSchema) });

export async function loadClientKey(
  path: string,
  wanted?: SigningAlgorithm,
  kid?: string,
): Promise<ClientKey> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new BulkError(
      `cannot read the key file ${path} (${error instanceof Error ? error.message : 'error'})`,
    );
  }
  if (text.includes('-----BEGIN')) return pemKey(text, wanted, kid);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BulkError('the key file is neither PEM nor JSON (JWK or JWKS)');
  }
  const set = jwksSchema.safeParse(json);
  const single = jwkSchema.safeParse(json);
  const candidates = set.success ? set.data.keys : single.success ? [single.data] : [];
  const jwk = candidates.find(
    (k) =>
      k.d !== undefined &&
      (kid === undefined || k.kid === kid) &&
      (wanted === undefined || algorithmOf(k) === wanted),
  );
  if (jwk === undefined)
    throw new BulkError('the key file holds no private key (JWK with "d") for that algorithm/kid');
  const alg = wanted ?? algorithmOf(jwk);
  if (alg === undefined) throw new BulkError('the key is neither RSA nor EC P-384: use RS384 or ES384');
  const key = await importJWK(jwk as JWK, alg);
  if (key instanceof Uint8Array) throw new BulkError('a symmetric key cannot sign a client assertion');
  return { key, alg, ...((kid ?? jwk.kid) ? { kid: kid ?? jwk.kid } : {}) };
}

function algorithmOf(jwk: z.infer<typeof jwkSchema>): SigningAlgorithm | undefined {
  if (jwk.alg === 'RS384' || jwk.alg === 'ES384') return jwk.alg;
  if (jwk.kty === 'RSA') return 'RS384';
  if (jwk.kty === 'EC' && jwk.crv === 'P-384') return 'ES384';
  return undefined;
}

/** A PEM private key (PKCS #8, or the older RSA/EC forms); its type says which algorithm it signs with. */
function pemKey(text: string, wanted: SigningAlgorithm | undefined, kid: string | undefined): ClientKey {
  let key: NodeKeyObject;
  try {
    key = createPrivateKey(text);
  } catch {
    throw new BulkError('the PEM key cannot be read: give an unencrypted private key (PKCS #8)');
  }
  const type = key.asymmetricKeyType;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  const alg = type === 'rsa' ? 'RS384' : type === 'ec' && curve === 'secp384r1' ? 'ES384' : undefined;
  if (alg === undefined) throw new BulkError('the PEM key is neither RSA nor EC P-384: use RS384 or ES384');
  if (wanted !== undefined && wanted !== alg)
    throw new BulkError(`the PEM key cannot sign ${wanted}; it is a ${alg} key`);
  return { key, alg, ...(kid ? { kid } : {}) };
}
