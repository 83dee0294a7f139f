/**
 * Serves the built app (dist-app/) on its own origin, as a real SMART app would be hosted apart
 * from the EHR.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { APP_HEADERS, headerPolicy, metaPolicyOf, type AppHeaderPolicy } from './app-headers.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** Resolve a URL path inside `root`, or undefined when it would escape it. */
export function resolveStaticPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const relative = decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  const full = normalize(join(root, relative));
  const rootWithSep = root.endsWith(sep) ? root : root + sep;
  return full.startsWith(rootWithSep) ? full : undefined;
}

/** An HTML page with its Content-Security-Policy as a header, built from the page's own meta policy. */
async function sendPage(
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
  policy: AppHeaderPolicy,
): Promise<void> {
  const html = await readFile(path);
  res.writeHead(200, {
    ...APP_HEADERS,
    'content-type': CONTENT_TYPES['.html'],
    'content-length': String(html.length),
    'cache-control': 'no-store',
    'content-security-policy': headerPolicy(metaPolicyOf(html.toString('utf8')), policy),
  });
  res.end(req.method === 'HEAD' ? undefined : html);
}

export async function serveStatic(
  root: string,
  req: IncomingMessage,
  res: ServerResponse,
  policy: AppHeaderPolicy = { frameAncestors: [], connectOrigins: [] },
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://app.invalid');
  const path = resolveStaticPath(root, url.pathname);
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...APP_HEADERS, allow: 'GET, HEAD' }).end();
    return;
  }
  const info = path ? await stat(path).catch(() => undefined) : undefined;
  if (!path || !info?.isFile()) {
    res.writeHead(404, { ...APP_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
    res.end(
      info === undefined && url.pathname === '/' ? 'The app is not built: run `npm run build`.' : 'Not found',
    );
    return;
  }
  // HTML must be fresh so a rebuild is picked up, and carries the page's security policy.
  if (extname(path) === '.html') return sendPage(path, req, res, policy);
  res.writeHead(200, {
    ...APP_HEADERS,
    'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
    'content-length': String(info.size),
    // Hashed assets may be cached.
    'cache-control': 'public, max-age=3600',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(path).pipe(res);
}
