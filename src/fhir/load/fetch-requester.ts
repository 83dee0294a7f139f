/**
 * A {@link FhirRequester} on plain `fetch`, for the CDS Hooks service (which receives the EHR's base
 * URL and a short-lived token in the hook request). The token is sent only to the EHR's own origin.
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

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

export function createFetchRequester(
  baseUrl: string,
  accessToken?: string,
  fetchImpl: typeof fetch = fetch,
): FhirRequester {
  const base = new URL(withTrailingSlash(baseUrl));
  return {
    async request(url, init = {}) {
      const target = new URL(url, base);
      const headers: Record<string, string> = { accept: 'application/fhir+json' };
      // Paging links are absolute; a link to another origin never receives the token.
      if (accessToken && target.origin === base.origin) headers.authorization = `Bearer ${accessToken}`;
      const requestInit: RequestInit = { headers };
      if (init.signal) requestInit.signal = init.signal;
      const response = await fetchImpl(target.toString(), requestInit);
      const body = await readBody(response);
      if (!response.ok) {
        const retryAfter = response.headers.get('retry-after') ?? undefined;
        throw new FhirHttpError(response.status, response.statusText, body, retryAfter);
      }
      return body;
    },
  };
}
