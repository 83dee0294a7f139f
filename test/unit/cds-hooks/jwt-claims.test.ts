import { describe, expect, it } from 'vitest';
import { checkClaims, type ClaimRules } from '../../../src/cds-hooks/jwt-claims.js';

const NOW_S = 1_800_000_000;
const rules: ClaimRules = {
  issuer: 'https://ehr.example.org',
  audiences: ['https://cds.example.org/s', 'https://cds.example.org/s/'],
  clockSkewSeconds: 60,
  maxTokenAgeSeconds: 600,
  nowMs: NOW_S * 1000,
};
const claims = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  iss: rules.issuer,
  aud: rules.audiences[0],
  iat: NOW_S,
  exp: NOW_S + 300,
  jti: 'j1',
  ...extra,
});
const failureOf = (payload: Record<string, unknown>): string | undefined => {
  const verdict = checkClaims(payload, rules);
  return verdict.ok ? undefined : verdict.failure;
};

describe('JWT claims of a verified token', () => {
  it('accepts a fresh token, with aud as a string or in an array', () => {
    expect(failureOf(claims())).toBeUndefined();
    expect(failureOf(claims({ aud: ['https://other.example.org', rules.audiences[1]] }))).toBeUndefined();
  });

  it.each(['exp', 'iat', 'jti', 'iss', 'aud'])('demands %s', (claim) => {
    const payload = claims();
    delete payload[claim];
    expect(failureOf(payload)).toBe('missing-claim');
  });

  it('refuses another issuer and another audience', () => {
    expect(failureOf(claims({ iss: 'https://evil.example.org' }))).toBe('malformed-token');
    expect(failureOf(claims({ aud: 'https://cds.example.org/s//' }))).toBe('wrong-audience');
    expect(failureOf(claims({ aud: ['https://cds.example.org/other'] }))).toBe('wrong-audience');
    expect(failureOf(claims({ aud: 42 }))).toBe('wrong-audience');
  });

  it('allows the clock skew on exp and iat, and no more', () => {
    expect(failureOf(claims({ exp: NOW_S - 59 }))).toBeUndefined();
    expect(failureOf(claims({ exp: NOW_S - 60 }))).toBe('expired');
    expect(failureOf(claims({ iat: NOW_S + 60 }))).toBeUndefined();
    expect(failureOf(claims({ iat: NOW_S + 61 }))).toBe('issued-in-future');
    expect(failureOf(claims({ iat: NOW_S - 660 }))).toBeUndefined();
    expect(failureOf(claims({ iat: NOW_S - 661 }))).toBe('expired');
  });

  it('refuses claims of the wrong type and a token not yet valid', () => {
    expect(failureOf(claims({ exp: String(NOW_S + 300) }))).toBe('malformed-token');
    expect(failureOf(claims({ iat: 'now' }))).toBe('issued-in-future');
    expect(failureOf(claims({ nbf: NOW_S + 61 }))).toBe('malformed-token');
    expect(failureOf(claims({ nbf: NOW_S + 60 }))).toBeUndefined();
  });
});
