/**
 * The token endpoint: authorization-code exchange with PKCE S256 verification, and the refresh
 * grant. Public clients only (no secret); errors follow RFC 6749 §5.2.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fhirBase, type SandboxContext } from '../context.js';
import { corsHeaders, readBody, sendJson } from '../http/respond.js';
import { findClient } from './clients.js';
import { allowsRefresh } from './scopes.js';
import type { AccessGrant } from './sessions.js';

function tokenError(res: ServerResponse, status: number, error: string, description: string): void {
  sendJson(res, status, { error, error_description: description }, corsHeaders());
}

/** RFC 7636 §4.6: BASE64URL(SHA256(code_verifier)) == code_challenge. */
export function pkceMatches(verifier: string, challenge: string): boolean {
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return false;
  const computed = Buffer.from(createHash('sha256').update(verifier).digest('base64url'));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}

async function tokenResponse(
  ctx: SandboxContext,
  grant: Omit<AccessGrant, 'expiresAt'>,
): Promise<Record<string, unknown>> {
  const lifetime = ctx.faults.current.accessTokenLifetimeSeconds;
  const body: Record<string, unknown> = {
    access_token: ctx.sessions.issueAccess(grant, lifetime),
    token_type: 'Bearer',
    expires_in: lifetime,
    scope: grant.scope.join(' '),
    patient: grant.patientId,
    need_patient_banner: true,
    smart_style_url: `${ctx.origin()}/smart-style.json`,
  };
  if (allowsRefresh(grant.scope)) body.refresh_token = ctx.sessions.issueRefresh(grant);
  if (grant.scope.includes('openid') && grant.scope.includes('fhirUser')) {
    body.id_token = await ctx.signer.signIdToken({
      issuer: fhirBase(ctx),
      clientId: grant.clientId,
      ...(grant.fhirUser ? { fhirUser: grant.fhirUser } : {}),
    });
  }
  return body;
}

async function exchangeCode(ctx: SandboxContext, form: URLSearchParams, res: ServerResponse): Promise<void> {
  if (!findClient(ctx.clients(), form.get('client_id'))) {
    tokenError(res, 401, 'invalid_client', 'client_id is not registered with this EHR.');
    return;
  }
  const code = ctx.sessions.takeCode(form.get('code') ?? '');
  if (!code) {
    tokenError(res, 400, 'invalid_grant', 'The authorization code is unknown, expired or already used.');
    return;
  }
  if (form.get('redirect_uri') !== code.redirectUri) {
    tokenError(res, 400, 'invalid_grant', 'redirect_uri does not match the authorization request.');
    return;
  }
  if (form.get('client_id') !== code.clientId) {
    tokenError(res, 401, 'invalid_client', 'client_id does not match the authorization request.');
    return;
  }
  if (!pkceMatches(form.get('code_verifier') ?? '', code.codeChallenge)) {
    tokenError(res, 400, 'invalid_grant', 'PKCE verification failed (code_verifier).');
    return;
  }
  const { clientId, scope, patientId, fhirUser } = code;
  const grant = { clientId, scope, patientId, ...(fhirUser ? { fhirUser } : {}) };
  sendJson(res, 200, await tokenResponse(ctx, grant), corsHeaders());
}

async function refresh(ctx: SandboxContext, form: URLSearchParams, res: ServerResponse): Promise<void> {
  const grant = ctx.sessions.takeRefresh(form.get('refresh_token') ?? '');
  if (!grant) {
    tokenError(res, 400, 'invalid_grant', 'The refresh token is unknown or already used.');
    return;
  }
  // A refresh token works only for the client it was issued to (RFC 6749 §6); a public client names
  // itself with client_id. The token is spent either way, so a stolen one cannot be tried twice.
  if (form.get('client_id') !== grant.clientId) {
    tokenError(res, 400, 'invalid_grant', 'The refresh token was not issued to this client_id.');
    return;
  }
  if (ctx.faults.current.refuseRefresh) {
    ctx.sessions.events.refreshRefused += 1;
    tokenError(res, 400, 'invalid_grant', 'The session has ended; the app must be launched again.');
    return;
  }
  ctx.sessions.events.refreshGrants += 1;
  sendJson(res, 200, await tokenResponse(ctx, grant), corsHeaders());
}

export async function handleToken(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    tokenError(res, 400, 'invalid_request', 'The token request must be application/x-www-form-urlencoded.');
    return;
  }
  const form = new URLSearchParams(await readBody(req));
  const grantType = form.get('grant_type');
  if (grantType === 'authorization_code') return exchangeCode(ctx, form, res);
  if (grantType === 'refresh_token') return refresh(ctx, form, res);
  if (grantType === 'client_credentials' && ctx.backend)
    return ctx.backend.handleClientCredentials(form, `${ctx.origin()}/auth/token`, res);
  tokenError(res, 400, 'unsupported_grant_type', `grant_type ${grantType ?? '(none)'} is not supported.`);
}
