/**
 * Checks the signature of a compact JWS with `node:crypto` against a public key the issuer's JWKS
 * holds. Web Crypto (what jose verifies with) wraps every check in a job and promises that cost
 * several times the RSA arithmetic itself; this service checks one token per call.
 * Only asymmetric algorithms exist here, and each needs a key of its own kind (an RSA key of at least
 * 2048 bits, an EC key on the curve the algorithm names, an Ed25519 key): a key of another kind fails.
 */
import { constants, KeyObject, verify } from 'node:crypto';

interface RsaParams {
  kind: 'rsa';
  hash: string;
  pss: boolean;
}
interface EcParams {
  kind: 'ec';
  hash: string;
  curve: string;
}
interface EdParams {
  kind: 'ed25519';
}
type SignatureParams = RsaParams | EcParams | EdParams;

/** RFC 7518 §3 and RFC 8037: what each accepted algorithm means. */
const ALGORITHMS: Readonly<Record<string, SignatureParams>> = {
  RS256: { kind: 'rsa', hash: 'sha256', pss: false },
  RS384: { kind: 'rsa', hash: 'sha384', pss: false },
  RS512: { kind: 'rsa', hash: 'sha512', pss: false },
  PS256: { kind: 'rsa', hash: 'sha256', pss: true },
  PS384: { kind: 'rsa', hash: 'sha384', pss: true },
  PS512: { kind: 'rsa', hash: 'sha512', pss: true },
  ES256: { kind: 'ec', hash: 'sha256', curve: 'prime256v1' },
  ES384: { kind: 'ec', hash: 'sha384', curve: 'secp384r1' },
  ES512: { kind: 'ec', hash: 'sha512', curve: 'secp521r1' },
  EdDSA: { kind: 'ed25519' },
  Ed25519: { kind: 'ed25519' },
};

const MIN_RSA_BITS = 2048;

/** The algorithms this module can check. */
export const SIGNATURE_ALGORITHMS: readonly string[] = Object.keys(ALGORITHMS);

/**
 * Key objects made from the CryptoKeys jose's key set hands out: it keeps one per JWK, so each key
 * is converted once, not once per call.
 */
const keyObjects = new WeakMap<object, KeyObject>();

/** The public key to check with, or undefined for anything else a key set could hand out (a JWK, a secret). */
export function keyObjectOf(key: unknown): KeyObject | undefined {
  if (key instanceof KeyObject) return key;
  // The global CryptoKey: Node 20's `crypto.webcrypto` does not export the class.
  if (!(key instanceof CryptoKey)) return undefined;
  let found = keyObjects.get(key);
  if (!found) {
    found = KeyObject.from(key);
    keyObjects.set(key, found);
  }
  return found;
}

/**
 * True when `signature` (the third part of the token, base64url) signs `signingInput` (the first two
 * parts and their dot) with `alg` under `key`. False for an unknown algorithm or a key of another kind.
 * An ECDSA check takes up to a millisecond (P-384, P-521), so it runs on libuv's thread pool, off the
 * thread that serves HTTP. An RSA or Ed25519 check takes tens of microseconds and runs where it is asked:
 * handed over it costs that thread less (about 7 µs against 23), but with two cores shared by the pool,
 * the workers and the HTTP thread, waking a pool thread for it preempts the HTTP thread, and the order
 * hooks' tail was worse (50 concurrent clients, five runs each, taking turns: p99 32–40 ms and one max over
 * 250 ms inline, against 36–51 ms and three handed over).
 */
export function signatureVerifies(
  alg: string,
  key: KeyObject,
  signingInput: string,
  signature: string,
): Promise<boolean> {
  const params = Object.hasOwn(ALGORITHMS, alg) ? ALGORITHMS[alg] : undefined;
  if (!params || key.type !== 'public' || !keyFits(params, key)) return Promise.resolve(false);
  const data = Buffer.from(signingInput, 'latin1');
  const bytes = Buffer.from(signature, 'base64url');
  const hash = hashOf(params);
  const input = keyInput(params, key);
  // A signature of the wrong length or a malformed one throws: it is not a signature of this key.
  if (params.kind === 'ec') {
    return new Promise<boolean>((resolve) => {
      verify(hash, data, input, bytes, (error, valid) => resolve(error === null && valid));
    }).catch(() => false);
  }
  try {
    return Promise.resolve(verify(hash, data, input, bytes));
  } catch {
    return Promise.resolve(false);
  }
}

/** The digest the algorithm signs; Ed25519 names none (it hashes inside). */
function hashOf(params: SignatureParams): string | null {
  return params.kind === 'ed25519' ? null : params.hash;
}

/** The key with the padding or signature encoding its algorithm uses. */
function keyInput(params: SignatureParams, key: KeyObject): Parameters<typeof verify>[2] {
  switch (params.kind) {
    case 'rsa':
      return params.pss
        ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
        : key;
    case 'ec':
      return { key, dsaEncoding: 'ieee-p1363' };
    case 'ed25519':
      return key;
  }
}

function keyFits(params: SignatureParams, key: KeyObject): boolean {
  const details = key.asymmetricKeyDetails;
  switch (params.kind) {
    case 'rsa':
      // An RSA-PSS key may only make PSS signatures; a plain RSA key may make both.
      return (
        (key.asymmetricKeyType === 'rsa' || (params.pss && key.asymmetricKeyType === 'rsa-pss')) &&
        (details?.modulusLength ?? 0) >= MIN_RSA_BITS
      );
    case 'ec':
      return key.asymmetricKeyType === 'ec' && details?.namedCurve === params.curve;
    case 'ed25519':
      return key.asymmetricKeyType === 'ed25519';
  }
}
