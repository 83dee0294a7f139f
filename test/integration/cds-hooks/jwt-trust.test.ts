import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwtTrust, type JwtTrust } from '../../../src/cds-hooks/jwt-trust.js';
import { makeKey, signJwt, startJwks, unsignedJwt, type TestKey } from './helpers.js';

const ISSUER = 'https://ehr.example.org';
const AUD = 'https://cds.example.org/cds-services/aih-navigator';

describe('trusting CDS clients (JWT verification)', () => {
  let es384: TestKey;
  let rs384: TestKey;
  let stranger: TestKey;
  let jwks: Awaited<ReturnType<typeof startJwks>>;
  let trust: JwtTrust;

  beforeAll(async () => {
    es384 = await makeKey('ES384', 'ehr-es384');
    rs384 = await makeKey('RS384', 'ehr-rs384');
    stranger = await makeKey('ES384', 'ehr-es384'); // same kid, key not in the JWKS
    jwks = await startJwks([es384, rs384]);
    trust = createJwtTrust({ issuers: { [ISSUER]: jwks.jwksUrl } });
  });
  afterAll(() => jwks.close());

  it.each(['ES384', 'RS384'] as const)('accepts a fresh %s token from a trusted issuer', async (alg) => {
    const token = await signJwt(alg === 'ES384' ? es384 : rs384, { iss: ISSUER, aud: AUD });
    await expect(trust.verify(`Bearer ${token}`, AUD)).resolves.toEqual({ ok: true, issuer: ISSUER });
  });

  it('accepts a jku header equal to the allow-listed JWKS URL', async () => {
    const token = await signJwt(es384, { iss: ISSUER, aud: AUD, jku: jwks.jwksUrl });
    expect((await trust.verify(`Bearer ${token}`, AUD)).ok).toBe(true);
  });

  const rejected = async (authorization: string | undefined, audience = AUD): Promise<string> => {
    const result = await trust.verify(authorization, audience);
    if (result.ok) throw new Error('token was accepted');
    expect(result.message).not.toContain(authorization?.slice(7) ?? '\u0000');
    return result.failure;
  };

  it('rejects a call without a token', async () => {
    expect(await rejected(undefined)).toBe('missing-token');
    expect(await rejected('Basic dXNlcjpwYXNz')).toBe('missing-token');
  });

  it('rejects an unsigned (alg none) token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = unsignedJwt({ iss: ISSUER, aud: AUD, iat: now, exp: now + 300, jti: 'x1' });
    expect(await rejected(`Bearer ${token}`)).toBe('forbidden-algorithm');
  });

  it('rejects an HMAC (HS256) token even when the secret is known', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ iss: ISSUER, aud: AUD, iat: now, exp: now + 300, jti: 'h1' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('a-shared-secret-of-at-least-32-bytes!!'));
    expect(await rejected(`Bearer ${token}`)).toBe('forbidden-algorithm');
  });

  it('rejects a token for another audience', async () => {
    const token = await signJwt(es384, { iss: ISSUER, aud: 'https://cds.example.org/cds-services/other' });
    expect(await rejected(`Bearer ${token}`)).toBe('wrong-audience');
  });

  it('rejects an expired token', async () => {
    const token = await signJwt(es384, { iss: ISSUER, aud: AUD, iatOffset: -400, expOffset: -120 });
    expect(await rejected(`Bearer ${token}`)).toBe('expired');
  });

  it('rejects a token issued in the future beyond the clock skew', async () => {
    const token = await signJwt(es384, { iss: ISSUER, aud: AUD, iatOffset: 600, expOffset: 900 });
    expect(await rejected(`Bearer ${token}`)).toBe('issued-in-future');
  });

  it('rejects a token without jti or exp', async () => {
    expect(await rejected(`Bearer ${await signJwt(es384, { iss: ISSUER, aud: AUD, omit: ['jti'] })}`)).toBe(
      'missing-claim',
    );
    expect(await rejected(`Bearer ${await signJwt(es384, { iss: ISSUER, aud: AUD, omit: ['exp'] })}`)).toBe(
      'missing-claim',
    );
  });

  it('rejects a replayed jti but accepts the next fresh one', async () => {
    const token = await signJwt(es384, { iss: ISSUER, aud: AUD, jti: 'once-only' });
    expect((await trust.verify(`Bearer ${token}`, AUD)).ok).toBe(true);
    expect(await rejected(`Bearer ${token}`)).toBe('replayed');
    const fresh = await signJwt(es384, { iss: ISSUER, aud: AUD });
    expect((await trust.verify(`Bearer ${fresh}`, AUD)).ok).toBe(true);
  });

  it('rejects an issuer that is not allow-listed', async () => {
    const token = await signJwt(es384, { iss: 'https://evil.example.org', aud: AUD });
    expect(await rejected(`Bearer ${token}`)).toBe('unknown-issuer');
  });

  it('rejects a jku header that is not the allow-listed JWKS URL', async () => {
    const token = await signJwt(es384, { iss: ISSUER, aud: AUD, jku: 'https://evil.example.org/jwks.json' });
    expect(await rejected(`Bearer ${token}`)).toBe('jku-not-allowed');
  });

  it('rejects a token signed by a key the issuer does not publish', async () => {
    const token = await signJwt(stranger, { iss: ISSUER, aud: AUD });
    expect(await rejected(`Bearer ${token}`)).toBe('bad-signature');
  });

  it('rejects a token whose payload was altered after signing', async () => {
    const token = await signJwt(es384, { iss: ISSUER, aud: AUD });
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ iss: ISSUER, aud: AUD, jti: 'forged', iat: 0, exp: 9_999_999_999 }),
    ).toString('base64url');
    expect(await rejected(`Bearer ${header}.${forged}.${signature}`)).toBe('bad-signature');
  });

  it('rejects every token while the issuer key set cannot be read', async () => {
    const offline = createJwtTrust({ issuers: { [ISSUER]: 'http://127.0.0.1:9/jwks.json' } });
    const token = await signJwt(es384, { iss: ISSUER, aud: AUD });
    const result = await offline.verify(`Bearer ${token}`, AUD);
    expect(result).toMatchObject({ ok: false, failure: 'jwks-unavailable' });
  });

  it('rejects garbage', async () => {
    expect(await rejected('Bearer not-a-jwt')).toBe('malformed-token');
  });
});
