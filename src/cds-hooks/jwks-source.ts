/**
 * One issuer's JSON Web Key Set, fetched by the service itself rather than by jose's remote key set so
 * that a hostile or broken JWKS URL costs little: https only (plain http to loopback only in an explicit
 * development mode), no redirects, at most {@link MAX_JWKS_BYTES} counted while the body streams in
 * (a 1.5 GB key set once took 3 GB of memory), a time limit, and a pause after a failed read so that
 * a stream of calls cannot make the service hammer (or wait on) an unreachable issuer. The reason a
 * read failed travels to the caller and the log.
 */
import { createLocalJWKSet, errors as joseErrors, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { isAllowedServiceUrl } from './url-policy.js';

export const MAX_JWKS_BYTES = 64 * 1024;
export const JWKS_TIMEOUT_MS = 3000;
/** After a failed read no new read is tried for this long; calls are refused with the reason meanwhile. */
export const JWKS_RETRY_AFTER_FAILURE_MS = 30_000;
/** Keys are read again after this long, so a rotated key is picked up. */
const JWKS_MAX_AGE_MS = 10 * 60_000;
/** A kid the keys do not hold (a new key?) triggers a read at most this often. */
const UNKNOWN_KID_READ_INTERVAL_MS = 30_000;

/** A key set that could not be had, with a reason fit for the caller (no key material, no token). */
export class JwksUnavailable extends Error {
  constructor(readonly reason: string) {
    super(`the issuer's key set (JWKS) could not be read: ${reason}`);
    this.name = 'JwksUnavailable';
  }
}

export interface JwksSourceOptions {
  allowLoopbackHttp: boolean;
  now: () => number;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  maxBytes?: number;
}

const jwksShape = z.object({ keys: z.array(z.looseObject({ kty: z.string() })).max(100) });

type LocalKeys = ReturnType<typeof createLocalJWKSet>;

export class JwksSource {
  private keys: LocalKeys | undefined;
  private readAt = Number.NEGATIVE_INFINITY;
  private failedAt = Number.NEGATIVE_INFINITY;
  private lastFailure = '';
  private reading: Promise<void> | undefined;

  constructor(
    private readonly url: string,
    private readonly options: JwksSourceOptions,
  ) {}

  /** The key for a JWT header, for `jwtVerify`. */
  readonly getKey: JWTVerifyGetKey = async (header, token) => {
    if (this.keys === undefined || this.options.now() - this.readAt > JWKS_MAX_AGE_MS) await this.read();
    const keys = this.keys;
    if (keys === undefined) throw new JwksUnavailable(this.lastFailure);
    try {
      return await keys(header, token);
    } catch (error) {
      const recent = this.options.now() - this.readAt < UNKNOWN_KID_READ_INTERVAL_MS;
      if (!(error instanceof joseErrors.JWKSNoMatchingKey) || recent) throw error;
      await this.read();
      return (this.keys ?? keys)(header, token);
    }
  };

  /** One read at a time; none while pausing after a failure (then the old keys, if any, stay). */
  private async read(): Promise<void> {
    if (this.options.now() - this.failedAt < JWKS_RETRY_AFTER_FAILURE_MS) {
      if (this.keys !== undefined) return;
      throw new JwksUnavailable(`${this.lastFailure}; not tried again for a while`);
    }
    this.reading ??= this.fetchKeys().finally(() => (this.reading = undefined));
    try {
      await this.reading;
    } catch (error) {
      // Keys read before stay in use: they were the issuer's, and a failed refresh must not lock it out.
      if (this.keys === undefined) throw error;
    }
  }

  private async fetchKeys(): Promise<void> {
    try {
      const json = await fetchJwks(this.url, this.options);
      this.keys = createLocalJWKSet(json);
      this.readAt = this.options.now();
    } catch (error) {
      this.failedAt = this.options.now();
      this.lastFailure = error instanceof JwksUnavailable ? error.reason : 'its answer is not a key set';
      throw new JwksUnavailable(this.lastFailure);
    }
  }
}

async function fetchJwks(url: string, options: JwksSourceOptions): Promise<z.infer<typeof jwksShape>> {
  if (!isAllowedServiceUrl(url, options.allowLoopbackHttp))
    throw new JwksUnavailable(
      'its URL is not https (plain http is allowed only to this machine, in development)',
    );
  const maxBytes = options.maxBytes ?? MAX_JWKS_BYTES;
  let text: string;
  try {
    const response = await (options.fetchImpl ?? fetch)(url, {
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs ?? JWKS_TIMEOUT_MS),
      headers: { accept: 'application/jwk-set+json, application/json' },
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new JwksUnavailable(`it answered HTTP ${response.status}`);
    }
    text = await readCapped(response, maxBytes);
  } catch (error) {
    if (error instanceof JwksUnavailable) throw error;
    if (error instanceof Error && error.name === 'TimeoutError')
      throw new JwksUnavailable(`no answer within ${(options.timeoutMs ?? JWKS_TIMEOUT_MS) / 1000} s`);
    throw new JwksUnavailable('it could not be reached');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new JwksUnavailable('its answer is not JSON');
  }
  const parsed = jwksShape.safeParse(json);
  if (!parsed.success) throw new JwksUnavailable('its answer is not a key set');
  return parsed.data;
}

/** The body as text, refused as soon as it is longer than `maxBytes` (the rest is never read). */
async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const tooLarge = (): JwksUnavailable => new JwksUnavailable(`it is larger than ${maxBytes / 1024} KB`);
  if (Number(response.headers.get('content-length') ?? '0') > maxBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const reader = response.body?.getReader();
  if (reader === undefined) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
