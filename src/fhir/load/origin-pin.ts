/**
 * The EHR's access token goes only to the EHR's own origin (ehr-notes.md §Reading 7). fhirclient adds
 * `Authorization` to every URL it is given, so a `next` link or an absolute reference on another origin
 * (a hostile or compromised server, or a poisoned resource) must never be handed to it.
 */

/** The FHIR base as a directory, so relative URLs resolve beneath it. */
function baseOf(fhirBaseUrl: string): URL {
  return new URL(fhirBaseUrl.endsWith('/') ? fhirBaseUrl : `${fhirBaseUrl}/`);
}

/**
 * The origin a URL would reach when it is not the FHIR server's own, else undefined. Resolution is the
 * strict one (`//host/x` counts as another host, `https:host` as that host): a URL that cannot be read is
 * treated as foreign, because refusing it only costs a gap while following it could cost the token.
 */
export function foreignOriginOf(url: string, fhirBaseUrl: string): string | undefined {
  let base: URL;
  try {
    base = baseOf(fhirBaseUrl);
  } catch {
    return 'an unreadable address';
  }
  try {
    // A URL with a scheme stands alone (fhirclient passes `https:host` to fetch as it is).
    const target = /^[a-z][a-z0-9+.-]*:/i.test(url) ? new URL(url) : new URL(url, base);
    if (target.origin === base.origin && target.protocol === base.protocol) return undefined;
    return target.origin === 'null' ? `${target.protocol} address` : target.origin;
  } catch {
    return 'an unreadable address';
  }
}

/** Why a search or read was not followed, in words a clinician and an EHR administrator both read. */
export function foreignOriginReason(what: string, origin: string): string {
  return (
    `${what} not read: the EHR pointed to another server (${origin}), and AIH Navigator sends your ` +
    'EHR sign-in only to the EHR itself. Tell your EHR administrator if this keeps happening.'
  );
}

/** Raised by a pinned requester asked for another origin: the request is never sent. */
export class ForeignOriginError extends Error {
  constructor(readonly origin: string) {
    super(`Request to another server (${origin}) refused: the EHR sign-in goes only to the EHR.`);
    this.name = 'ForeignOriginError';
  }
}

/** A requester that refuses, before anything is sent, every URL outside the FHIR server's origin. */
export function pinnedToOrigin<Init>(
  fhirBaseUrl: string,
  request: (url: string, init?: Init) => Promise<unknown>,
): (url: string, init?: Init) => Promise<unknown> {
  return (url, init) => {
    const foreign = foreignOriginOf(url, fhirBaseUrl);
    if (foreign !== undefined) return Promise.reject(new ForeignOriginError(foreign));
    return request(url, init);
  };
}
