/**
 * SMART launch configuration, generated from smart-manifest.json: the manifest is the one place where
 * client ids, scopes and per-EHR settings live; registration and the launch page both read it.
 */
import manifestJson from '../smart-manifest.json';
// Types only: the schema and zod stay out of the pages' bundles.
import type { EhrConfig, SmartManifest } from './smart-manifest-schema.js';

export type { EhrConfig, SmartManifest } from './smart-manifest-schema.js';
export type LaunchKind = 'ehr' | 'standalone';

/**
 * The manifest as bundled. The build refuses a manifest that fails smartManifestSchema (vite.config.ts),
 * so no page parses it again at a clinician's launch: the launch page carries no zod at all.
 */
export const smartManifest: SmartManifest = manifestJson as SmartManifest;

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
