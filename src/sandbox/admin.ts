/**
 * Admin endpoints of the demo EHR (error injection, counters for tests). Served only on the
 * sandbox's loopback listener and without CORS, so web pages of other origins cannot drive them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ZodError } from 'zod';
import type { SandboxContext } from './context.js';
import { readBody, sendJson } from './http/respond.js';

export async function handleAdmin(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  if (req.method === 'GET' && path === '/admin/faults') return sendJson(res, 200, ctx.faults.current);
  if (req.method === 'GET' && path === '/admin/events') return sendJson(res, 200, ctx.sessions.events);
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'Use GET or POST' });
  if (path === '/admin/faults/reset') return sendJson(res, 200, ctx.faults.reset());
  if (path === '/admin/expire-tokens')
    return sendJson(res, 200, { expired: ctx.sessions.expireAllAccessTokens() });
  if (path === '/admin/faults') {
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendJson(res, 415, { error: 'Send the switches as application/json' });
    }
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
