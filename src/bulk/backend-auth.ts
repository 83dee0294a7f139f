/**
 * SMART Backend Services authorization (SMART App Launch 2, §Backend Services): a `client_credentials`
 * grant authenticated by a JWT client assertion signed with the client's private key (RS384 or ES384).
 * The token is reused until shortly before it expires, and fetched again after a 401.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT, type CryptoKey, type KeyObject } from 'jose';
import { z } from 'zod';
import { BulkError, describeResponse, type Fetch } from './http.js';

export type SigningAlgorithm = 'RS384' | 'ES384';

export interface BackendAuthOptions {
  tokenUrl: string;
  clientId: string;
  key: CryptoKey | KeyObject;
  alg: SigningAlgorithm;
  /** `kid` header, so the server picks the right key of the client's JWKS. */
  kid?: string;
  scopes: readonly string[];
  fetch: Fetch;
  /** The clock, in milliseconds. */
  now?: () => number;
}

const tokenSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive().optional(),
  scope: z.string().optional(),
});

/** Tokens are renewed this long before they expire, so none runs out mid-download. */
const RENEW_BEFORE_MS = 30_000;
/** The assertion is valid for five minutes at most (SMART Backend Services). */
const ASSERTION_LIFETIME_S = 240;

export class BackendAuth {
  private current: { token: string; expiresAt: number } | undefined;
  private pending: Promise<string> | undefined;
  private readonly now: () => number;
  /** Tokens requested so far (tests check reuse). */
  requests = 0;

  constructor(private readonly options: BackendAuthOptions) {
    this.now = options.now ?? Date.now;
  }

  /** A valid access token, fetched only when there is none or it is about to expire. */
  async token(): Promise<string> {
    if (this.current && this.current.expiresAt - RENEW_BEFORE_MS > this.now()) return this.current.token;
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /** Forget a token the server refused (401): the next call fetches a new one. */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = undefined;
  }

  private async fetchToken(): Promise<string> {
    const { tokenUrl, clientId, key, alg, kid, scopes } = this.options;
    const issuedAt = Math.floor(this.now() / 1000);
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg, typ: 'JWT', ...(kid ? { kid } : {}) })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(tokenUrl)
      .setJti(randomUUID())
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + ASSERTION_LIFETIME_S)
      .sign(key);
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      scope: scopes.join(' '),
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    });
    this.requests += 1;
    const response = await this.options.fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: body.toString(),
    });
    if (!response.ok)
      throw new BulkError(`the token request was refused: ${await describeResponse(response)}`);
    const parsed = tokenSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new BulkError('the token endpoint answered without an access token');
    const lifetimeMs = (parsed.data.expires_in ?? 300) * 1000;
    this.current = { token: parsed.data.access_token, expiresAt: this.now() + lifetimeMs };
    return parsed.data.access_token;
  }
}
