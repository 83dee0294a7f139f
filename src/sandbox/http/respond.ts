/**
 * Small helpers over node:http: reading bodies, writing JSON/HTML with the headers every response
 * of the demo EHR needs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Bodies above this size are refused: the sandbox only ever receives small resources and forms. */
const MAX_BODY_BYTES = 1_000_000;

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError('Request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** CORS for the FHIR and token endpoints: apps run on another origin and send a bearer token, never cookies. */
export function corsHeaders(): Record<string, string> {
  return {
    'access-control-allow-origin': '*',
    'access-control-allow-headers': 'authorization, content-type, accept, prefer, if-none-exist',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-expose-headers': 'location, content-location, etag',
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  contentType = 'application/json',
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': `${contentType}; charset=utf-8`,
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** Other origins the page may frame, or that its form may lead to (a form post that redirects to the app). */
export interface HtmlOrigins {
  frame?: string;
  formTarget?: string;
}

export function sendHtml(res: ServerResponse, status: number, html: string, origins: HtmlOrigins = {}): void {
  const frames = origins.frame ? `frame-src 'self' ${origins.frame}` : "frame-src 'none'";
  const forms = origins.formTarget ? `form-action 'self' ${origins.formTarget}` : "form-action 'self'";
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // The sandbox pages use inline styles only and no scripts.
    'content-security-policy': `default-src 'self'; style-src 'unsafe-inline'; script-src 'none'; ${frames}; ${forms}`,
    'referrer-policy': 'no-referrer',
  });
  res.end(html);
}

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, 'cache-control': 'no-store' });
  res.end();
}

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
