/**
 * SMART Backend Services for the demo EHR: the `client_credentials` grant with a signed JWT client
 * assertion (RFC 7523, SMART Backend Services §Obtaining an access token). The client registers its
 * public keys (a JWKS) with the sandbox; the assertion must be signed with one of them (RS384 or ES384),
 * name the client as `iss` and `sub`, the token endpoint as `aud`, expire within five minutes, and never
 * be replayed (`jti`). Only `system/*.rs`/`.read` scopes are granted, for reading and Bulk Data export.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { corsHeaders, sendJson } from '../http/respond.js';

export interface BackendClient {
  clientId: string;
  /** The client's public keys (a JWKS); jose checks each key when it is used. */
  jwks: { keys: Record<string, unknown>[] };
}

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const MAX_ASSERTION_LIFETIME_S = 300;
const SYSTEM_SCOPE = /^system\/(\*|[A-Z][A-Za-z]+)\.(rs|read)$/;

export interface BackendGrant {
  clientId: string;
  scope: string[];
  expiresAt: number;
}

/** Registered backend clients, the tokens issued to them and the assertion ids already seen. */
export class BackendServices {
  private readonly tokens = new Map<string, BackendGrant>();
  private readonly seenJti = new Map<string, number>();
  readonly lifetimeSeconds: number;

  constructor(
    private readonly clients: readonly BackendClient[],
    options: { lifetimeSeconds?: number } = {},
  ) {
    this.lifetimeSeconds = options.lifetimeSeconds ?? 300;
  }

  /** The grant of a bearer token, when it is one of ours and still valid. */
  grantOf(authorization: string | undefined, now = Date.now()): BackendGrant | undefined {
    const token = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
    const grant = token === undefined ? undefined : this.tokens.get(token);
    return grant !== undefined && grant.expiresAt > now ? grant : undefined;
  }

  async handleClientCredentials(form: URLSearchParams, tokenUrl: string, res: ServerResponse): Promise<void> {
    const refuse = (status: number, error: string, description: string): void =>
      sendJson(res, status, { error, error_description: description }, corsHeaders());
    if (form.get('client_assertion_type') !== ASSERTION_TYPE)
      return refuse(400, 'invalid_request', `client_assertion_type must be ${ASSERTION_TYPE}.`);
    const assertion = form.get('client_assertion') ?? '';
    const clientId = unverifiedIssuer(assertion);
    const client = this.clients.find((c) => c.clientId === clientId);
    if (client === undefined) return refuse(401, 'invalid_client', 'The client is not registered.');
    let payload;
    try {
      ({ payload } = await jwtVerify(assertion, createLocalJWKSet(client.jwks as JSONWebKeySet), {
        issuer: client.clientId,
        subject: client.clientId,
        audience: tokenUrl,
        algorithms: ['RS384', 'ES384'],
        requiredClaims: ['exp', 'jti'],
      }));
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'invalid';
      return refuse(401, 'invalid_client', `The client assertion was refused: ${reason}.`);
    }
    const now = Date.now();
    const exp = (payload.exp ?? 0) * 1000;
    if (exp - now > MAX_ASSERTION_LIFETIME_S * 1000)
      return refuse(401, 'invalid_client', 'The client assertion must expire within five minutes.');
    const jti = String(payload.jti);
    this.forgetOldAssertions(now);
    if (this.seenJti.has(jti)) return refuse(401, 'invalid_client', 'The client assertion was already used.');
    this.seenJti.set(jti, exp);
    const requested = (form.get('scope') ?? '').split(/\s+/).filter((s) => s.length > 0);
    const scope = requested.filter((s) => SYSTEM_SCOPE.test(s));
    if (scope.length === 0)
      return refuse(400, 'invalid_scope', 'Request system/<type>.rs (or .read) scopes for Bulk Data.');
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, {
      clientId: client.clientId,
      scope,
      expiresAt: now + this.lifetimeSeconds * 1000,
    });
    sendJson(
      res,
      200,
      { access_token: token, token_type: 'bearer', expires_in: this.lifetimeSeconds, scope: scope.join(' ') },
      corsHeaders(),
    );
  }

  private forgetOldAssertions(now: number): void {
    for (const [jti, exp] of this.seenJti) if (exp < now) this.seenJti.delete(jti);
  }
}

/** Whether a grant's scopes allow reading `type`. */
export function grantReads(grant: BackendGrant, type: string): boolean {
  return grant.scope.some((s) => {
    const match = SYSTEM_SCOPE.exec(s);
    return match !== null && (match[1] === '*' || match[1] === type);
  });
}

/** The `iss` of a JWT before verification: only to choose whose keys verify it. */
function unverifiedIssuer(jwt: string): string | undefined {
  const payload = jwt.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const iss = typeof claims === 'object' && claims !== null ? (claims as { iss?: unknown }).iss : undefined;
    return typeof iss === 'string' ? iss : undefined;
  } catch {
    return undefined;
  }
}
