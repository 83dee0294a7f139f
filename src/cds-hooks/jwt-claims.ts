/**
 * The claims checks of a JWT whose signature verified (RFC 7519 §4.1, CDS Hooks 2.0 "Trusting CDS
 * Clients"): `exp`, `iat` and `jti` present, `iss` the issuer whose key verified it, `aud` the URL
 * called, not expired, `nbf` reached, `iat` neither in the future nor older than the maximum age.
 * Times in whole seconds with the allowed clock skew either side, as jose's jwtVerify checks them.
 */

export type ClaimFailure =
  'missing-claim' | 'malformed-token' | 'wrong-audience' | 'expired' | 'issued-in-future';

export interface ClaimRules {
  issuer: string;
  /** Any of these is the URL called. */
  audiences: readonly string[];
  clockSkewSeconds: number;
  maxTokenAgeSeconds: number;
  nowMs: number;
}

export type ClaimVerdict = { ok: true } | { ok: false; failure: ClaimFailure; message: string };

const REQUIRED = ['exp', 'iat', 'jti', 'iss', 'aud'] as const;

const fail = (failure: ClaimFailure, message: string): ClaimVerdict => ({ ok: false, failure, message });

export function checkClaims(payload: Record<string, unknown>, rules: ClaimRules): ClaimVerdict {
  for (const claim of REQUIRED) {
    if (payload[claim] === undefined) return fail('missing-claim', `The JWT has no ${claim} claim.`);
  }
  if (payload.iss !== rules.issuer) return fail('malformed-token', 'The JWT iss claim is not acceptable.');
  if (!audienceMatches(payload.aud, rules.audiences))
    return fail('wrong-audience', 'The JWT audience (aud) is not the URL of this service.');
  const { iat, nbf, exp } = payload;
  const now = Math.floor(rules.nowMs / 1000);
  const skew = rules.clockSkewSeconds;
  if (typeof iat !== 'number') return fail('issued-in-future', 'The JWT iat claim is not a number.');
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > now + skew))
    return fail('malformed-token', 'The JWT nbf claim is not acceptable.');
  if (typeof exp !== 'number') return fail('malformed-token', 'The JWT exp claim is not acceptable.');
  if (exp <= now - skew) return fail('expired', 'The JWT has expired (exp).');
  const age = now - iat;
  if (age - skew > rules.maxTokenAgeSeconds) return fail('expired', 'The JWT was issued too long ago (iat).');
  if (age < -skew) return fail('issued-in-future', 'The JWT was issued in the future (iat).');
  return { ok: true };
}

/** `aud` is one string or an array of them; one of them must be the URL called. */
function audienceMatches(aud: unknown, audiences: readonly string[]): boolean {
  if (typeof aud === 'string') return audiences.includes(aud);
  return Array.isArray(aud) && aud.some((value) => typeof value === 'string' && audiences.includes(value));
}
