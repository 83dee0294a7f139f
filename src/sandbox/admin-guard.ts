/**
 * Who may drive the demo EHR's admin endpoints: a client on this machine (by remote address, since
 * `--host` can put the listener on every interface), addressing the sandbox by its own host name (no
 * DNS rebinding), and for a change a JSON body (which a cross-site form cannot send without a CORS
 * preflight the sandbox never grants) from the sandbox's own page or from no browser at all.
 */
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** 127.0.0.0/8, ::1, and IPv4 loopback written as IPv6. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return address === '::1';
}

/** The Host names that mean this sandbox: its own origin's, or loopback names on the same port. */
function acceptedHosts(origin: string): Set<string> {
  const own = new URL(origin);
  const port = own.port ? `:${own.port}` : '';
  return new Set([own.host, `127.0.0.1${port}`, `localhost${port}`, `[::1]${port}`]);
}

export interface AdminRefusal {
  status: 403 | 415;
  error: string;
}

/** Undefined when the request may proceed, else the status and reason to answer with. */
export function adminRefusal(
  req: Pick<IncomingMessage, 'method' | 'headers' | 'socket'>,
  origin: string,
): AdminRefusal | undefined {
  if (!isLoopbackAddress(req.socket.remoteAddress)) {
    return { status: 403, error: 'Admin endpoints answer only clients on this machine.' };
  }
  if (!acceptedHosts(origin).has((req.headers.host ?? '').toLowerCase())) {
    return { status: 403, error: 'Admin endpoints answer only requests addressed to the sandbox itself.' };
  }
  if (req.method === 'GET' || req.method === 'HEAD') return undefined;
  const from = req.headers.origin;
  if (from !== undefined && from !== new URL(origin).origin) {
    return { status: 403, error: 'Admin changes are refused from other origins.' };
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    return { status: 415, error: 'Send admin changes as application/json.' };
  }
  return undefined;
}
