/**
 * A {@link FhirRequester} on plain `fetch`, for the CDS Hooks service (which receives the EHR's base
 * URL and a short-lived token in the hook request). Every request goes to the EHR's own origin, and
 * only there: a paging link or an absolute `medicationReference` naming another origin is not fetched
 * at all (its answer would be data the EHR did not vouch for, and the request itself a way to make the
 * service call anywhere), and a redirect is followed only within the origin. Such a request fails, so
 * the loader records a gap instead of an answer.
 */
import { FhirHttpError } from './http-failure.js';
import type { FhirRequester } from './types.js';

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text.length === 0) return '';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Redirects followed within the origin before the request fails. */
const MAX_REDIRECTS = 5;

/** A request the service will not make: another origin, or a redirect there. */
export class CrossOriginRefused extends Error {
  constructor(what: string) {
    super(`${what} is on another origin than the FHIR server: not requested`);
    this.name = 'CrossOriginRefused';
  }
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

export function createFetchRequester(
  baseUrl: string,
  accessToken?: string,
  fetchImpl: typeof fetch = fetch,
): FhirRequester {
  const base = new URL(withTrailingSlash(baseUrl));
  return {
    async request(url, init = {}) {
      let target = new URL(url, base);
      if (target.origin !== base.origin) throw new CrossOriginRefused('A link or reference');
      const headers: Record<string, string> = { accept: 'application/fhir+json' };
      if (accessToken) headers.authorization = `Bearer ${accessToken}`;
      const requestInit: RequestInit = { headers, redirect: 'manual' };
      if (init.signal) requestInit.signal = init.signal;
      let response = await fetchImpl(target.toString(), requestInit);
      for (let redirects = 0; isRedirect(response.status); redirects += 1) {
        const location = response.headers.get('location');
        await response.body?.cancel();
        if (location === null || redirects >= MAX_REDIRECTS)
          throw new FhirHttpError(response.status, 'redirect not followed', '');
        target = new URL(location, target);
        if (target.origin !== base.origin) throw new CrossOriginRefused('A redirect');
        response = await fetchImpl(target.toString(), requestInit);
      }
      const body = await readBody(response);
      if (!response.ok) {
        const retryAfter = response.headers.get('retry-after') ?? undefined;
        throw new FhirHttpError(response.status, response.statusText, body, retryAfter);
      }
      return body;
    },
  };
}
