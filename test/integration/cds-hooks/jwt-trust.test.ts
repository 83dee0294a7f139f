import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJwtTrust, type JwtTrust } from '../../../src/cds-hooks/jwt-trust.js';
import { listenOnLoopback, makeKey, signJwt, startJwks, unsignedJwt, type TestKey } from './helpers.js';

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
    trust = createJwtTrust({ issuers: { [ISSUER]: jwks.jwksUrl }, allowLoopbackHttp: true });
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
    const offline = createJwtTrust({
      issuers: { [ISSUER]: 'http://127.0.0.1:9/jwks.json' },
      allowLoopbackHttp: true,
    });
    const token = await signJwt(es384, { iss: ISSUER, aud: AUD });
    const result = await offline.verify(`Bearer ${token}`, AUD);
    expect(result).toMatchObject({ ok: false, failure: 'jwks-unavailable' });
  });

  it('rejects garbage', async () => {
    expect(await rejected('Bearer not-a-jwt')).toBe('malformed-token');
  });

  it('reports a token without iat as missing iat, not as issued in the future', async () => {
    const token = await signJwt(es384, { iss: ISSUER, aud: AUD, omit: ['iat'] });
    const result = await trust.verify(`Bearer ${token}`, AUD);
    expect(result).toMatchObject({ ok: false, failure: 'missing-claim' });
    expect(result.ok ? '' : result.message).toMatch(/iat/);
  });

  it('accepts an aud with one trailing slash for the same service URL, and nothing looser', async () => {
    const slash = await signJwt(es384, { iss: ISSUER, aud: `${AUD}/` });
    expect((await trust.verify(`Bearer ${slash}`, AUD)).ok).toBe(true);
    const bare = await signJwt(es384, { iss: ISSUER, aud: AUD });
    expect((await trust.verify(`Bearer ${bare}`, `${AUD}/`)).ok).toBe(true);
    const two = await signJwt(es384, { iss: ISSUER, aud: `${AUD}//` });
    expect(await rejected(`Bearer ${two}`)).toBe('wrong-audience');
    const other = await signJwt(es384, { iss: ISSUER, aud: `${AUD}/feedback` });
    expect(await rejected(`Bearer ${other}`)).toBe('wrong-audience');
  });
});

describe('reading the issuer key set (JWKS)', () => {
  let key: TestKey;
  beforeAll(async () => {
    key = await makeKey('ES384', 'k1');
  });

  const verdictFor = async (jwksUrl: string, allowLoopbackHttp = true, now?: () => number) => {
    const trust = createJwtTrust({
      issuers: { [ISSUER]: jwksUrl },
      allowLoopbackHttp,
      ...(now ? { now } : {}),
    });
    return trust.verify(`Bearer ${await signJwt(key, { iss: ISSUER, aud: AUD })}`, AUD);
  };

  it('refuses a plain-http JWKS unless loopback http is explicitly allowed, and then only on loopback', async () => {
    const jwks = await startJwks([key]);
    try {
      const refused = await verdictFor(jwks.jwksUrl, false);
      expect(refused).toMatchObject({ ok: false, failure: 'jwks-unavailable' });
      expect(refused.ok ? '' : refused.message).toMatch(/not https/);
      expect((await verdictFor(jwks.jwksUrl, true)).ok).toBe(true);
      const remote = await verdictFor('http://ehr.example.org/jwks.json', true);
      expect(remote.ok ? '' : remote.message).toMatch(/not https/);
    } finally {
      await jwks.close();
    }
  });

  it('stops reading a key set larger than 64 KB and says so, streamed or declared', async () => {
    let served = 0;
    const big = await listenOnLoopback((request, response) => {
      const chunk = Buffer.alloc(16 * 1024, 0x20);
      if (request.url === '/declared') {
        response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 10 ** 9 });
        response.end();
        return;
      }
      // Streams without a length until the client stops reading: never more than a few chunks.
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.write('{"keys":[');
      const more = (): void => {
        while (served < 10_000 && response.write(chunk)) served += 1;
        if (served < 10_000 && !response.destroyed) response.once('drain', more);
      };
      response.on('close', () => undefined);
      more();
    });
    try {
      for (const path of ['/streamed', '/declared']) {
        const result = await verdictFor(`${big.url}${path}`);
        expect(result).toMatchObject({ ok: false, failure: 'jwks-unavailable' });
        expect(result.ok ? '' : result.message).toMatch(/larger than 64 KB/);
      }
      expect(served).toBeLessThan(1000);
    } finally {
      await big.close();
    }
  });

  it('gives up on a JWKS that does not answer in time, then waits before reading it again', async () => {
    let requests = 0;
    const slow = await listenOnLoopback(() => {
      requests += 1; // never answers
    });
    let clock = Date.now();
    const trust = createJwtTrust({
      issuers: { [ISSUER]: `${slow.url}/jwks.json` },
      allowLoopbackHttp: true,
      now: () => clock,
    });
    try {
      const started = performance.now();
      const first = await trust.verify(`Bearer ${await signJwt(key, { iss: ISSUER, aud: AUD })}`, AUD);
      expect(performance.now() - started).toBeLessThan(6000);
      expect(first.ok ? '' : first.message).toMatch(/no answer within 3 s/);
      const second = await trust.verify(`Bearer ${await signJwt(key, { iss: ISSUER, aud: AUD })}`, AUD);
      expect(second.ok ? '' : second.message).toMatch(/not tried again/);
      expect(requests).toBe(1);
      clock += 31_000;
      const third = await trust.verify(`Bearer ${await signJwt(key, { iss: ISSUER, aud: AUD })}`, AUD);
      expect(third.ok).toBe(false);
      expect(requests).toBe(2);
    } finally {
      await slow.close();
    }
  }, 20_000);
});
