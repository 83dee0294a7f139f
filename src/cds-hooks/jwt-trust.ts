/**
 * Verifies the JWT a CDS client sends with each call (CDS Hooks 2.0 "Trusting CDS Clients"):
 * an asymmetric signature from a key in the issuer's allow-listed JWKS, `aud` equal to the exact
 * URL called, `exp`, `iat` not in the future, a `jti` never seen before, and a `jku` header (when
 * present) equal to the allow-listed JWKS URL. Failures say why, without echoing the token.
 */
import { errors as joseErrors, type JWSHeaderParameters } from 'jose';
import { issuerEntry, type TrustedIssuers } from './config.js';
import { JwksSource, JwksUnavailable } from './jwks-source.js';
import { keyObjectOf, signatureVerifies } from './jws-signature.js';
import { checkClaims } from './jwt-claims.js';
import { ReplayCache } from './replay-cache.js';

/** Asymmetric algorithms only: `none` and HMAC (HS*) are forbidden by the specification. */
export const ACCEPTED_ALGORITHMS = [
  'ES256',
  'ES384',
  'ES512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'EdDSA',
  'Ed25519',
] as const;

export type TrustFailure =
  | 'missing-token'
  | 'malformed-token'
  | 'forbidden-algorithm'
  | 'unknown-issuer'
  | 'jku-not-allowed'
  | 'bad-signature'
  | 'wrong-audience'
  | 'expired'
  | 'issued-in-future'
  | 'missing-claim'
  | 'replayed'
  | 'jwks-unavailable';

export type TrustResult =
  { ok: true; issuer: string } | { ok: false; failure: TrustFailure; message: string };

export interface JwtTrustOptions {
  issuers: TrustedIssuers;
  /** Allowed clock difference between the EHR and this server. */
  clockSkewSeconds?: number;
  /** Oldest `iat` accepted; bounds how long a token is remembered for replay checks. */
  maxTokenAgeSeconds?: number;
  now?: () => number;
  /** Development and tests: a JWKS URL may be plain http on this machine. Otherwise https only. */
  allowLoopbackHttp?: boolean;
}

export interface JwtTrust {
  verify(authorization: string | undefined, audience: string): Promise<TrustResult>;
}

const fail = (failure: TrustFailure, message: string): TrustResult => ({ ok: false, failure, message });

export function createJwtTrust(options: JwtTrustOptions): JwtTrust {
  const skew = options.clockSkewSeconds ?? 60;
  const maxAge = options.maxTokenAgeSeconds ?? 600;
  const now = options.now ?? Date.now;
  const replay = new ReplayCache(now);
  const keySets = new Map<string, JwksSource>();
  const keySetOf = (jwksUrl: string): JwksSource => {
    let keySet = keySets.get(jwksUrl);
    if (!keySet) {
      keySet = new JwksSource(jwksUrl, { allowLoopbackHttp: options.allowLoopbackHttp === true, now });
      keySets.set(jwksUrl, keySet);
    }
    return keySet;
  };

  /** Header and issuer checks made before any key is fetched: they choose the issuer's key set. */
  const preCheck = (unverified: Unverified): { iss: string; jwksUrl: string } | TrustResult => {
    const { alg, jku, iss } = unverified;
    if (!(ACCEPTED_ALGORITHMS as readonly string[]).includes(alg)) {
      return fail('forbidden-algorithm', `JWT algorithm "${alg}" is not accepted; use ES384 or RS384.`);
    }
    if (iss === undefined || !Object.hasOwn(options.issuers, iss) || options.issuers[iss] === undefined) {
      return fail('unknown-issuer', 'The JWT issuer (iss) is not on the trusted-issuers list.');
    }
    const { jwksUrl } = issuerEntry(options.issuers[iss]);
    if (jku !== undefined && jku !== jwksUrl) {
      return fail('jku-not-allowed', 'The JWT jku header is not the JWKS URL allow-listed for its issuer.');
    }
    return { iss, jwksUrl };
  };

  /** Remembers the jti as long as the token could still pass the exp and iat-age checks. */
  const firstUse = (iss: string, payload: Record<string, unknown>): TrustResult => {
    if (typeof payload.jti !== 'string' || payload.jti === '' || typeof payload.exp !== 'number') {
      return fail('missing-claim', 'The JWT must carry a jti string and an exp time.');
    }
    const iat = typeof payload.iat === 'number' ? payload.iat : payload.exp;
    const acceptableUntil = Math.min(payload.exp, iat + maxAge) + skew;
    if (!replay.use(`${iss}\u0000${payload.jti}`, acceptableUntil * 1000)) {
      return fail('replayed', 'This JWT (jti) was already used; each call needs a fresh token.');
    }
    return { ok: true, issuer: iss };
  };

  return {
    async verify(authorization, audience) {
      const token = bearerToken(authorization);
      if (!token) return fail('missing-token', 'The call carries no "Authorization: Bearer <JWT>" header.');
      const unverified = readUnverified(token);
      if ('failure' in unverified) return unverified;
      const checked = preCheck(unverified);
      if ('ok' in checked) return checked;
      if (unverified.header.crit !== undefined)
        return fail(
          'malformed-token',
          'The JWT names critical header parameters this service does not know.',
        );
      const [protectedHeader = '', payloadPart = '', signature = ''] = token.split('.');
      try {
        const key = keyObjectOf(
          await keySetOf(checked.jwksUrl).getKey(
            { ...unverified.header, alg: unverified.alg },
            { protected: protectedHeader, payload: payloadPart, signature },
          ),
        );
        if (
          !key ||
          !(await signatureVerifies(unverified.alg, key, `${protectedHeader}.${payloadPart}`, signature))
        )
          return fail('bad-signature', 'The JWT signature does not verify against the issuer key set.');
      } catch (error) {
        return describeKeyError(error);
      }
      const claims = checkClaims(unverified.payload, {
        issuer: checked.iss,
        audiences: audiencesFor(audience),
        clockSkewSeconds: skew,
        maxTokenAgeSeconds: maxAge,
        nowMs: now(),
      });
      if (!claims.ok) return claims;
      return firstUse(checked.iss, unverified.payload);
    },
  };
}

/**
 * The service URL with and without one trailing slash. Calls are routed with trailing slashes removed,
 * so `…/aih-navigator/` reaches the same service as `…/aih-navigator`; an EHR that writes its `aud` with
 * the slash names the same URL and must not be refused for it. Nothing else about the URL is loosened.
 */
function audiencesFor(audience: string): string[] {
  const bare = audience.endsWith('/') ? audience.slice(0, -1) : audience;
  return [bare, `${bare}/`];
}

function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
}

interface Unverified {
  alg: string;
  jku?: string;
  iss?: string;
  header: JWSHeaderParameters;
  payload: Record<string, unknown>;
}

/**
 * Reads header and claims before verification: the header and `iss` choose the issuer's key set;
 * the claims are trusted only once the signature over them has verified.
 */
function readUnverified(token: string): Unverified | { ok: false; failure: TrustFailure; message: string } {
  const malformed = {
    ok: false,
    failure: 'malformed-token',
    message: 'The bearer token is not a well-formed JWT.',
  } as const;
  const parts = token.split('.');
  if (parts.length !== 3) return malformed;
  const header = jsonObjectOf(parts[0] ?? '');
  const payload = jsonObjectOf(parts[1] ?? '');
  if (!header || !payload) return malformed;
  return {
    alg: typeof header.alg === 'string' ? header.alg : 'none',
    ...(typeof header.jku === 'string' ? { jku: header.jku } : {}),
    ...(typeof payload.iss === 'string' ? { iss: payload.iss } : {}),
    header: header as JWSHeaderParameters,
    payload,
  };
}

/** A base64url segment holding a JSON object, or undefined. */
function jsonObjectOf(segment: string): Record<string, unknown> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(segment)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Why no key could be had for the token: the key set could not be read, or holds no key for it. */
function describeKeyError(error: unknown): TrustResult {
  if (error instanceof JwksUnavailable)
    return fail('jwks-unavailable', `The issuer's key set (JWKS) could not be read: ${error.reason}.`);
  if (error instanceof joseErrors.JOSEAlgNotAllowed) {
    return fail('forbidden-algorithm', 'The JWT algorithm is not accepted; use ES384 or RS384.');
  }
  if (error instanceof joseErrors.JOSEError) {
    // A kid that the issuer's JWKS does not hold, or a key that cannot make this algorithm's signatures.
    return fail('bad-signature', 'The JWT signature does not verify against the issuer key set.');
  }
  return fail('jwks-unavailable', "The issuer's key set (JWKS) could not be read.");
}
