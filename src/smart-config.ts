/**
 * SMART launch configuration, generated from smart-manifest.json: the manifest is the one place where
 * client ids, scopes and per-EHR settings live; registration and the launch page both read it.
 */
import { z } from './zod.js';
import manifestJson from '../smart-manifest.json';

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
export type LaunchKind = 'ehr' | 'standalone';

/** Parsed once at start-up: a broken manifest fails loudly at build/test time, not at a clinician's launch. */
export const smartManifest: SmartManifest = smartManifestSchema.parse(manifestJson);

/** The EHR configuration whose pattern matches the FHIR server; undefined for an EHR not configured. */
export function findEhrConfig(iss: string, manifest: SmartManifest = smartManifest): EhrConfig | undefined {
  return manifest.ehrs.find((ehr) => new RegExp(ehr.issPattern).test(iss));
}

/** The scope string for one EHR registration and one launch kind. */
export function scopeFor(ehr: EhrConfig, kind: LaunchKind, manifest: SmartManifest = smartManifest): string {
  const readSuffix = ehr.scopeVersion === 'v1' ? 'read' : 'rs';
  const writeSuffix = ehr.scopeVersion === 'v1' ? 'write' : 'c';
  const { scopes } = manifest;
  return [
    kind === 'ehr' ? scopes.ehrLaunch : scopes.standaloneLaunch,
    ...scopes.identity,
    ...scopes.access,
    ...scopes.read.map((type) => `patient/${type}.${readSuffix}`),
    ...ehr.write.map((type) => `patient/${type}.${writeSuffix}`),
    // Finding an earlier write by its identifier (exactly once across launches) needs search too.
    ...ehr.write.filter((type) => !scopes.read.includes(type)).map((type) => `patient/${type}.${readSuffix}`),
  ].join(' ');
}

/** What the loader calls each EHR family (its search plans differ). */
export function loaderEhrOf(ehr: EhrConfig | undefined): 'epic' | 'oracle' | 'generic' {
  if (ehr?.id === 'epic' || ehr?.id === 'oracle') return ehr.id;
  return 'generic';
}

export interface AuthorizeConfig {
  issMatch: RegExp;
  clientId: string;
  scope: string;
  redirectUri: string;
  pkceMode: EhrConfig['pkceMode'];
  stateKey: string;
  completeInTarget: boolean;
}

export interface LaunchContext {
  /** URL of the launch page, to resolve the redirect URI against. */
  launchUrl: string;
  /** True when the launch page runs inside a frame of the EHR. */
  inFrame: boolean;
  /** ≥ 122 bits of randomness (SMART App Launch 2); crypto.randomUUID() gives 122. */
  stateKey: string;
}

/** The redirect URI: the app's index page, resolved from the launch page (`launch/launch.html` → `../index.html`). */
export function redirectUriFor(launchUrl: string, manifest: SmartManifest = smartManifest): string {
  const depth = manifest.launchPath.split('/').length - 1;
  return new URL('../'.repeat(depth) + manifest.redirectPath, launchUrl).href;
}

/** One fhirclient `authorize` configuration per EHR, chosen by fhirclient through `issMatch`. */
export function authorizeConfigs(
  context: LaunchContext,
  manifest: SmartManifest = smartManifest,
): AuthorizeConfig[] {
  const url = new URL(context.launchUrl);
  const kind: LaunchKind = url.searchParams.has('launch') ? 'ehr' : 'standalone';
  const redirectUri = redirectUriFor(context.launchUrl, manifest);
  return manifest.ehrs.map((ehr) => ({
    issMatch: new RegExp(ehr.issPattern),
    clientId: ehr.clientId,
    scope: scopeFor(ehr, kind, manifest),
    redirectUri,
    pkceMode: ehr.pkceMode,
    stateKey: context.stateKey,
    completeInTarget: context.inFrame,
  }));
}
