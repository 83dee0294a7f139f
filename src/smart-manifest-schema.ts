/**
 * The schema of smart-manifest.json: what a valid registration looks like (PKCE S256 always, every EHR
 * names its host). The build checks the manifest against it (vite.config.ts), so the launch page ships
 * the checked manifest without zod; the tests check it too, with every way it must refuse.
 */
import { z } from './zod.js';

const resourceType = z.string().check(z.regex(/^[A-Z][A-Za-z]+$/));

/**
 * An EHR's `iss` pattern names its host: anchored, https, and a host of letters, digits, hyphens,
 * escaped dots and grouped alternatives only (no `.`, `[^/]` or `.*` that would match an attacker's host).
 */
const HTTPS_NAMED_HOST = /^\^https:\/\/(?:[A-Za-z0-9()|-]|\\\.)+(?::[0-9]+)?\//;
/** The demo sandbox runs on this machine only: plain http, loopback addresses only. */
const LOOPBACK_SANDBOX = /^\^http:\/\/\(127\\\.0\\\.0\\\.1\|localhost\)(?:\(:\[0-9\]\+\)\?)?\//;

/** A `|` outside any group undoes the `^` anchor (`^https://ehr\.org|evil` matches any URL with "evil"). */
function hasTopLevelAlternative(pattern: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i];
    if (char === '\\') i += 1;
    else if (inClass) inClass = char !== ']';
    else if (char === '[') inClass = true;
    else if (char === '(') depth += 1;
    else if (char === ')') depth -= 1;
    else if (char === '|' && depth <= 0) return true;
  }
  return false;
}

const ehrSchema = z.object({
  id: z.enum(['epic', 'oracle', 'sandbox', 'other']),
  label: z.string().check(z.minLength(1)),
  /** Regular expression tested against the launch `iss`; the first matching EHR wins. */
  issPattern: z.string().check(z.minLength(1)),
  clientId: z.string().check(z.minLength(1)),
  /** Scope syntax fixed at registration: v1 `.read`/`.write`, v2 `.rs`/`.c`. */
  scopeVersion: z.enum(['v1', 'v2']),
  /**
   * PKCE S256 always (SMART App Launch 2): `required` refuses a server that does not advertise S256;
   * `unsafeV1` sends S256 to an EHR documented to support it without advertising it. No mode that
   * drops the challenge is accepted.
   */
  pkceMode: z.enum(['required', 'unsafeV1']),
  /** Resource types the app may create (write-back of an accepted suggestion). */
  write: z.array(z.enum(['DocumentReference', 'MedicationRequest', 'ServiceRequest'])),
  /** false for embedded browsers that share sessionStorage between instances (Oracle PowerChart). */
  fullSessionStorageSupport: z.boolean(),
});

/** Every configured EHR names its host (https) or is the loopback sandbox: there is no catch-all. */
const configuredEhrSchema = ehrSchema.check(
  z.superRefine((ehr, issues) => {
    const shape = ehr.id === 'sandbox' ? LOOPBACK_SANDBOX : HTTPS_NAMED_HOST;
    if (shape.test(ehr.issPattern) && !hasTopLevelAlternative(ehr.issPattern)) return;
    issues.addIssue({
      code: 'custom',
      path: ['issPattern'],
      message:
        ehr.id === 'sandbox'
          ? 'the sandbox pattern must start with ^http://(127\\.0\\.0\\.1|localhost)(:[0-9]+)?/'
          : 'the pattern must start with ^https:// and name the host (escaped dots, no wildcards, no top-level |)',
    });
  }),
);

export const smartManifestSchema = z.object({
  name: z.string(),
  fhirVersion: z.literal('4.0.1'),
  logo: z.string(),
  appBaseUrl: z.url(),
  launchPath: z.string(),
  redirectPath: z.string(),
  scopes: z.object({
    read: z.array(resourceType).check(z.minLength(1)),
    ehrLaunch: z.literal('launch'),
    standaloneLaunch: z.literal('launch/patient'),
    identity: z.array(z.string()),
    access: z.array(z.string()),
  }),
  ehrs: z.array(configuredEhrSchema).check(z.minLength(1)),
});

export type SmartManifest = z.infer<typeof smartManifestSchema>;
export type EhrConfig = z.infer<typeof ehrSchema>;
