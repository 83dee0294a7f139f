/**
 * Verifies the JWT a CDS client sends with each call (CDS Hooks 2.0 "Trusting CDS Clients"):
 * an asymmetric signature from a key in the issuer's allow-listed JWKS, `aud` equal to the exact
 * URL called, `exp`, `iat` not in the future, a `jti` never seen before, and a `jku` header (when
 * present) equal to the allow-listed JWKS URL. Failures say why, without echoing the token.
 */
import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { issuerEntry, type TrustedIssuers } from './config.js';
import { JwksSource, JwksUnavailable } from './jwks-source.js';
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
  const preCheck = (token: string): { iss: string; jwksUrl: string } | TrustResult => {
    const unverified = readUnverified(token);
    if ('failure' in unverified) return unverified;
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
  const firstUse = (iss: string, payload: JWTPayload): TrustResult => {
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
      const checked = preCheck(token);
      if ('ok' in checked) return checked;
      try {
        const { payload } = await jwtVerify(token, keySetOf(checked.jwksUrl).getKey, {
          algorithms: [...ACCEPTED_ALGORITHMS],
          issuer: checked.iss,
          audience: audiencesFor(audience),
          clockTolerance: skew,
          maxTokenAge: maxAge,
          requiredClaims: ['exp', 'iat', 'jti'],
          currentDate: new Date(now()),
        });
        return firstUse(checked.iss, payload);
      } catch (error) {
        return describeJoseError(error);
      }
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

type Unverified = { alg: string; jku?: string; iss?: string };

/** Reads header and claims before verification, only to choose the issuer's key set. */
function readUnverified(token: string): Unverified | { ok: false; failure: TrustFailure; message: string } {
  try {
    const header = decodeProtectedHeader(token);
    const payload = decodeJwt(token);
    return {
      alg: typeof header.alg === 'string' ? header.alg : 'none',
      ...(typeof header.jku === 'string' ? { jku: header.jku } : {}),
      ...(typeof payload.iss === 'string' ? { iss: payload.iss } : {}),
    };
  } catch {
    return { ok: false, failure: 'malformed-token', message: 'The bearer token is not a well-formed JWT.' };
  }
}

function describeJoseError(error: unknown): TrustResult {
  if (error instanceof JwksUnavailable)
    return fail('jwks-unavailable', `The issuer's key set (JWKS) could not be read: ${error.reason}.`);
  if (error instanceof joseErrors.JWTExpired) {
    return error.claim === 'iat'
      ? fail('expired', 'The JWT was issued too long ago (iat).')
      : fail('expired', 'The JWT has expired (exp).');
  }
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    // A missing claim first: a token without iat is not one "issued in the future".
    if (error.reason === 'missing') return fail('missing-claim', `The JWT has no ${error.claim} claim.`);
    if (error.claim === 'aud')
      return fail('wrong-audience', 'The JWT audience (aud) is not the URL of this service.');
    if (error.claim === 'iat') return fail('issued-in-future', 'The JWT was issued in the future (iat).');
    return fail('malformed-token', `The JWT ${error.claim} claim is not acceptable.`);
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) {
    return fail('forbidden-algorithm', 'The JWT algorithm is not accepted; use ES384 or RS384.');
  }
  if (error instanceof joseErrors.JOSEError) {
    // Covers a signature that does not verify and a kid that the issuer's JWKS does not hold.
    return fail('bad-signature', 'The JWT signature does not verify against the issuer key set.');
  }
  return fail('jwks-unavailable', "The issuer's key set (JWKS) could not be read.");
}
