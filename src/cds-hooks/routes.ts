/**
 * Routing of one HTTP call: discovery is public (CDS Hooks 2.0 asks for the JWT only on calls that
 * require authentication); the service and its feedback endpoint need a JWT from a trusted EHR
 * whose audience is the exact URL called.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ORDER_SELECT_SERVICE_ID, ORDER_SIGN_SERVICE_ID, SERVICE_ID } from './config.js';
import { discoveryDocument } from './discovery.js';
import { answerFeedback } from './feedback.js';
import type { FeedbackStore } from './feedback-store.js';
import {
  CORS_HEADERS,
  HttpProblem,
  readBody,
  readJsonBody,
  sendError,
  sendJson,
  sendJsonText,
} from './http.js';
import type { JwtTrust } from './jwt-trust.js';
import type { CallerTrust } from './patient-view.js';
import { serialise, type SerialisedAnswer } from './patient-view-task.js';

export const SERVICE_PATH = `/cds-services/${SERVICE_ID}`;
export const FEEDBACK_PATH = `${SERVICE_PATH}/feedback`;
export const ORDER_SERVICE_PATHS: ReadonlyMap<string, 'order-select' | 'order-sign'> = new Map([
  [`/cds-services/${ORDER_SELECT_SERVICE_ID}`, 'order-select'],
  [`/cds-services/${ORDER_SIGN_SERVICE_ID}`, 'order-sign'],
]);
/** Feedback of every service goes to the one append-only store. */
const FEEDBACK_PATHS = new Set([
  FEEDBACK_PATH,
  ...[...ORDER_SERVICE_PATHS.keys()].map((path) => `${path}/feedback`),
]);
/** Prefetch of a long treatment history can be large; feedback never is. */
const MAX_SERVICE_BODY = 20 * 1024 * 1024;
const MAX_FEEDBACK_BODY = 256 * 1024;

export interface RouteContext {
  /** Absent only in development mode (--allow-unsigned). */
  trust: JwtTrust | undefined;
  /** Public base URL, without a trailing slash; `aud` is this plus the path. */
  publicUrl: string;
  /** The path part of the public URL, which a proxy may or may not strip. */
  basePath: string;
  store: FeedbackStore;
  /** Answers a patient-view body: in a worker thread, or on this thread with `workers: 0`. */
  patientView: (body: Uint8Array<ArrayBuffer>, caller: CallerTrust) => Promise<SerialisedAnswer>;
  /** Answers an order-select or order-sign body, where patient-view bodies are answered. */
  orderHook?: (
    hook: 'order-select' | 'order-sign',
    body: Uint8Array<ArrayBuffer>,
    caller: CallerTrust,
  ) => Promise<SerialisedAnswer>;
  /** The FHIR base URLs a verified issuer is trusted with. */
  fhirServersOf: (issuer: string) => readonly string[];
  /** The access log: why a JWT was refused (the reason's code, never the token). */
  log?: (line: string) => void;
}

/** Answers one call; resolves with the HTTP status sent (for the access log). */
export async function route(
  ctx: RouteContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<number> {
  const pathname = new URL(request.url ?? '/', 'http://service.invalid').pathname.replace(/\/+$/, '');
  const path =
    ctx.basePath && pathname.startsWith(ctx.basePath) ? pathname.slice(ctx.basePath.length) : pathname;
  if (request.method === 'OPTIONS') {
    response.writeHead(204, CORS_HEADERS).end();
    return 204;
  }
  if (path === '/cds-services') {
    if (request.method !== 'GET') return refuseMethod(response, 'GET');
    sendJson(response, 200, discoveryDocument());
    return 200;
  }
  if (
    path !== SERVICE_PATH &&
    !FEEDBACK_PATHS.has(path) &&
    !(ctx.orderHook && ORDER_SERVICE_PATHS.has(path))
  ) {
    sendError(
      response,
      404,
      'not-found',
      `No CDS service here; discovery is at ${ctx.publicUrl}/cds-services.`,
    );
    return 404;
  }
  if (request.method !== 'POST') return refuseMethod(response, 'POST');
  let caller: CallerTrust = {};
  if (ctx.trust) {
    const verdict = await ctx.trust.verify(request.headers.authorization, ctx.publicUrl + path);
    if (!verdict.ok) {
      ctx.log?.(`JWT refused (${verdict.failure})`);
      sendError(response, 401, verdict.failure, verdict.message, {
        'WWW-Authenticate': 'Bearer error="invalid_token"',
      });
      return 401;
    }
    caller = { issuer: verdict.issuer, fhirServers: ctx.fhirServersOf(verdict.issuer) };
  }
  const answer = await answerCall(ctx, request, path, caller);
  sendJsonText(response, answer.status, answer.json);
  return answer.status;
}

async function answerCall(
  ctx: RouteContext,
  request: IncomingMessage,
  path: string,
  caller: CallerTrust,
): Promise<SerialisedAnswer> {
  try {
    if (FEEDBACK_PATHS.has(path))
      return serialise(await answerFeedback(await readJsonBody(request, MAX_FEEDBACK_BODY), ctx.store));
    const orderHook = ORDER_SERVICE_PATHS.get(path);
    if (orderHook && ctx.orderHook)
      return await ctx.orderHook(orderHook, await readBody(request, MAX_SERVICE_BODY), caller);
    return await ctx.patientView(await readBody(request, MAX_SERVICE_BODY), caller);
  } catch (error) {
    if (error instanceof HttpProblem)
      return serialise({ status: error.status, body: { error: error.code, message: error.message } });
    throw error;
  }
}

function refuseMethod(response: ServerResponse, allowed: string): number {
  sendError(response, 405, 'method-not-allowed', `Use ${allowed} here.`, { Allow: `${allowed}, OPTIONS` });
  return 405;
}
