/**
 * The authorization endpoint. EHR launch: the opaque `launch` binds the patient. Standalone: the
 * user picks a patient on a small page. Then a code is issued and the browser sent back to the
 * app's redirect_uri with the app's `state`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { fhirBase, type SandboxContext } from '../context.js';
import { escapeHtml, readBody, redirect, sendHtml } from '../http/respond.js';
import { findClient, isRegisteredRedirect } from './clients.js';
import { pickerPage } from './picker-page.js';
import { grantScopes } from './scopes.js';

const authorizeParamsSchema = z.object({
  response_type: z.literal('code'),
  client_id: z.string().min(1).max(200),
  redirect_uri: z.url(),
  scope: z.string().min(1).max(4000),
  state: z.string().min(1).max(1000),
  aud: z.string().min(1),
  launch: z.string().optional(),
  code_challenge: z.string().regex(/^[A-Za-z0-9_-]{43,128}$/, 'a base64url SHA-256 PKCE challenge'),
  code_challenge_method: z.literal('S256'),
});
export type AuthorizeParams = z.infer<typeof authorizeParamsSchema>;

function errorPage(res: ServerResponse, message: string): void {
  sendHtml(
    res,
    400,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Authorization error</title></head>` +
      `<body><h1>Authorization error</h1><p>${escapeHtml(message)}</p></body></html>`,
  );
}

function redirectWithError(
  res: ServerResponse,
  params: AuthorizeParams,
  error: string,
  description: string,
): void {
  const url = new URL(params.redirect_uri);
  url.searchParams.set('error', error);
  url.searchParams.set('error_description', description);
  url.searchParams.set('state', params.state);
  redirect(res, url.href);
}

function issueCodeAndRedirect(
  ctx: SandboxContext,
  res: ServerResponse,
  params: AuthorizeParams,
  patientId: string,
  fhirUser?: string,
): void {
  const scope = grantScopes(params.scope, ctx.faults.current.deniedType);
  const code = ctx.sessions.issueCode({
    ...(fhirUser ? { fhirUser } : {}),
    clientId: params.client_id,
    redirectUri: params.redirect_uri,
    scope,
    patientId,
    codeChallenge: params.code_challenge,
  });
  const url = new URL(params.redirect_uri);
  url.searchParams.set('code', code);
  url.searchParams.set('state', params.state);
  redirect(res, url.href);
}

/** Checks that decide whether it is safe to redirect at all (RFC 6749 §4.1.2.1). */
function validateRequest(ctx: SandboxContext, query: URLSearchParams): AuthorizeParams | string {
  const parsed = authorizeParamsSchema.safeParse(Object.fromEntries(query));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `Invalid authorization request: ${issue?.path.join('.') || 'request'} — ${issue?.message ?? 'invalid'}.`;
  }
  const params = parsed.data;
  const client = findClient(ctx.clients(), params.client_id);
  if (!client) return `client_id ${params.client_id} is not registered with this EHR.`;
  if (!isRegisteredRedirect(client, params.redirect_uri)) {
    return `redirect_uri ${params.redirect_uri} is not registered for ${params.client_id}.`;
  }
  if (params.aud.replace(/\/$/, '') !== fhirBase(ctx)) {
    return `aud must be this FHIR server (${fhirBase(ctx)}).`;
  }
  return params;
}

export function handleAuthorize(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse): void {
  const params = validateRequest(ctx, new URL(req.url ?? '/', ctx.origin()).searchParams);
  if (typeof params === 'string') {
    errorPage(res, params);
    return;
  }
  if (params.launch !== undefined) {
    const patientId = ctx.sessions.resolveLaunch(params.launch);
    if (!patientId) {
      redirectWithError(res, params, 'invalid_request', 'The launch context is unknown or has expired.');
      return;
    }
    issueCodeAndRedirect(ctx, res, params, patientId);
    return;
  }
  const requestId = ctx.sessions.holdAuthorization(params);
  sendHtml(res, 200, pickerPage(ctx.patients, requestId), {
    formTarget: new URL(params.redirect_uri).origin,
  });
}

/** The patient picker's form post. */
export async function handlePatientPick(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const form = new URLSearchParams(await readBody(req));
  const requestId = form.get('request') ?? '';
  const params = ctx.sessions.takeAuthorization(requestId);
  const patientId = form.get('patient') ?? '';
  if (!params) {
    errorPage(res, 'This sign-in request has expired. Start the app again.');
    return;
  }
  if (!ctx.patients.some((p) => p.id === patientId)) {
    redirectWithError(res, params, 'access_denied', 'No patient was selected.');
    return;
  }
  // The standalone launch is the patient portal: the user signed in is the patient, never a clinician.
  issueCodeAndRedirect(ctx, res, params, patientId, `Patient/${patientId}`);
}
