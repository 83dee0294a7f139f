/**
 * The security headers of the app's own pages as the sandbox serves them, which are also the headers
 * a real deployment sets (README, "Deployment"). The pages carry their policy in a meta tag for hosts
 * that cannot set headers; a meta policy cannot say `frame-ancestors` and has to allow any https FHIR
 * server. The header form starts from the page's own meta policy, so the two never disagree, then
 * narrows `connect-src` to the EHR's origins and adds `frame-ancestors` (browsers enforce both).
 */

export interface AppHeaderPolicy {
  /** Origins allowed to frame the app: the EHRs it is launched from. */
  frameAncestors: readonly string[];
  /** Origins the app may call: the EHR's FHIR server and authorization server. */
  connectOrigins: readonly string[];
}

/** Used when a page carries no meta policy of its own: the strictest the app still works under. */
const FALLBACK_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "frame-src 'none'; form-action 'self'; base-uri 'self'; object-src 'none'";

/** The content of the page's `<meta http-equiv="Content-Security-Policy">`, if any. */
export function metaPolicyOf(html: string): string | undefined {
  return /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html)?.[1];
}

export function headerPolicy(metaPolicy: string | undefined, policy: AppHeaderPolicy): string {
  const directives = (metaPolicy ?? FALLBACK_POLICY)
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '' && !/^(connect-src|frame-ancestors)\b/.test(part));
  const ancestors = policy.frameAncestors.length > 0 ? policy.frameAncestors.join(' ') : "'none'";
  return [
    ...directives,
    ["connect-src 'self'", ...policy.connectOrigins].join(' '),
    `frame-ancestors ${ancestors}`,
  ].join('; ');
}

/** Sent with every file of the app: no MIME sniffing, no referrer (URLs may carry launch codes). */
export const APP_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};
