/**
 * Where the service may send a request: the EHR's FHIR server (with the EHR's access token) and the
 * issuer's JWKS. Plain http would put the token or the trust anchor on the wire unencrypted, so only
 * https, unless an explicit development mode allows plain http to this machine (loopback) alone.
 */

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** True when `url` may be fetched: https, or http to loopback when `allowLoopbackHttp`. */
export function isAllowedServiceUrl(url: string, allowLoopbackHttp: boolean): boolean {
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  if (parsed.username !== '' || parsed.password !== '') return false;
  if (parsed.protocol === 'https:') return true;
  return allowLoopbackHttp && parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname);
}

/**
 * A FHIR base URL in one spelling: scheme and host as the URL parser writes them, the path without its
 * trailing slashes, no query or fragment. Two spellings of the same base compare equal.
 */
export function fhirBaseKey(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  if (parsed.search !== '' || parsed.hash !== '') return undefined;
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
}
