/**
 * HTTP for the Bulk Data client: `fetch` with an access token that goes only to the FHIR server's origin
 * (a file on another origin — e.g. object storage with a signed URL — is fetched without it), no
 * redirects across origins, and errors described from the server's OperationOutcome.
 */
export type Fetch = typeof fetch;

/** A problem the user can act on (refused token, failed export …): reported as a message, not a crash. */
export class BulkError extends Error {}

/** The diagnostics of an OperationOutcome answer, or the HTTP status. */
export async function describeResponse(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  let detail = '';
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === 'object' && body !== null) {
      const issues = (body as { issue?: unknown }).issue;
      const first = Array.isArray(issues) ? (issues[0] as Record<string, unknown> | undefined) : undefined;
      const diagnostics = first?.diagnostics ?? first?.details;
      const described = (body as { error_description?: unknown }).error_description;
      if (typeof diagnostics === 'string') detail = diagnostics;
      else if (typeof described === 'string') detail = described;
    }
  } catch {
    // Not JSON: the status says enough.
  }
  const status = `HTTP ${response.status}`;
  return detail ? `${status}: ${detail.slice(0, 300)}` : status;
}

export interface AuthorisedFetch {
  /**
   * Requests `url`, with the access token when `url` is on the FHIR server's origin and `withToken`;
   * after a 401 the token is fetched again once.
   */
  (url: string, init?: RequestInit & { withToken?: boolean }): Promise<Response>;
}

export function authorisedFetch(
  fhirOrigin: string,
  auth: { token(): Promise<string>; invalidate(token: string): void },
  base: Fetch,
): AuthorisedFetch {
  return async (url, init = {}) => {
    const { withToken = true, ...rest } = init;
    const sameOrigin = new URL(url).origin === fhirOrigin;
    const send = async (): Promise<{ response: Response; token?: string }> => {
      const headers = new Headers(rest.headers);
      let token: string | undefined;
      if (withToken && sameOrigin) {
        token = await auth.token();
        headers.set('authorization', `Bearer ${token}`);
      }
      // Redirects are followed by hand: the token must never follow one to another origin.
      const response = await base(url, { ...rest, headers, redirect: 'manual' });
      return { response, ...(token ? { token } : {}) };
    };
    const first = await send();
    let response = first.response;
    if (response.status === 401 && first.token !== undefined) {
      await response.body?.cancel();
      auth.invalidate(first.token);
      ({ response } = await send());
    }
    if (response.status >= 300 && response.status < 400) {
      throw new BulkError(
        `the server redirected a Bulk Data request (HTTP ${response.status}); not followed`,
      );
    }
    return response;
  };
}
