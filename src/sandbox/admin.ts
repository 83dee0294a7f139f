/**
 * Admin endpoints of the demo EHR (error injection, counters for tests). Only for clients on this
 * machine, and without CORS, so web pages of other origins cannot drive them (see admin-guard.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ZodError } from 'zod';
import { adminRefusal } from './admin-guard.js';
import type { SandboxContext } from './context.js';
import { readBody, sendJson } from './http/respond.js';

export async function handleAdmin(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  const refusal = adminRefusal(req, ctx.origin());
  if (refusal) return sendJson(res, refusal.status, { error: refusal.error });
  if (req.method === 'GET' && path === '/admin/faults') return sendJson(res, 200, ctx.faults.current);
  if (req.method === 'GET' && path === '/admin/events') return sendJson(res, 200, ctx.sessions.events);
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'Use GET or POST' });
  if (path === '/admin/faults/reset') return sendJson(res, 200, ctx.faults.reset());
  if (path === '/admin/expire-tokens')
    return sendJson(res, 200, { expired: ctx.sessions.expireAllAccessTokens() });
  if (path === '/admin/faults') {
    try {
      return sendJson(res, 200, ctx.faults.update(JSON.parse(await readBody(req))));
    } catch (error) {
      const message =
        error instanceof ZodError
          ? error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
          : 'Invalid JSON';
      return sendJson(res, 400, { error: message });
    }
  }
  sendJson(res, 404, { error: 'Unknown admin endpoint' });
}
