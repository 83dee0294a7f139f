/**
 * Configuration of the CDS Hooks service and the trusted-issuers file that says which EHRs may
 * call it (CDS Hooks 2.0 "Trusting CDS Clients": allow-list `iss` and the JWKS URL of each).
 */
import { localCalendarDate } from '../core/dates.js';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { IsoDate } from '../core/types.js';
import type { ServiceDependencies } from './dependencies.js';

/** The one service this server offers (its URL is `{publicUrl}/cds-services/{id}`). */
export const SERVICE_ID = 'aih-navigator';
/** The order-time services: same trust and data, their own URLs. */
export const ORDER_SELECT_SERVICE_ID = 'aih-navigator-order-select';
export const ORDER_SIGN_SERVICE_ID = 'aih-navigator-order-sign';

export interface CdsServerConfig {
  port?: number;
  host?: string;
  /** Base URL the EHR calls (behind a proxy: the proxy's https URL). Default `http://{host}:{port}`. */
  publicUrl?: string;
  /** SMART app launch URL placed on the card as a `smart` link. */
  appLaunchUrl?: string;
  /** Issuer → its JWKS URL and FHIR base URLs. Required unless `allowUnsigned`. */
  trustedIssuers?: TrustedIssuers;
  /**
   * Development and tests: JWKS and FHIR servers may be plain http on this machine (loopback only).
   * Implied by `allowUnsigned`. Otherwise both must be https.
   */
  allowLoopbackHttp?: boolean;
  /** Folder of the feedback log. Default `.cds-feedback`. */
  dataDir?: string;
  /** Development only: accept calls without a verified JWT. */
  allowUnsigned?: boolean;
  /** Today's date for the assessment; the server clock by default (tests inject a fixed date). */
  today?: () => IsoDate;
  /** Deterministic card uuids (tests); random uuids by default. */
  uuid?: (seed: string) => string;
  /** One line per call (method, path, status, time); never tokens or patient data. Silent by default. */
  log?: (line: string) => void;
  /** Replaces the loader, mapper or core (tests); the shared modules by default. Needs `workers: 0`. */
  dependencies?: Partial<ServiceDependencies>;
  /**
   * Worker threads that parse, map and assess patient-view calls; 0 answers them on the main
   * thread. Default: one per core beyond the first, 1 to 4 (0 when dependencies or uuids are injected).
   */
  workers?: number;
  /** Replaces the compiled patient-view worker script (tests: a worker that fails). */
  workerScript?: URL;
}

/**
 * What one EHR issuer is trusted with: the JWKS its JWTs are verified against, and the FHIR base URLs
 * the service may send its access token to. A call whose `fhirServer` is not one of them is refused:
 * otherwise any caller with a valid JWT could have the service send the EHR's token anywhere.
 */
export interface TrustedIssuer {
  jwksUrl: string;
  fhirServers: readonly string[];
}

/**
 * Issuer (`iss`) → what it is trusted with. The older form, issuer → JWKS URL, is still read: such an
 * issuer's calls are verified, but none may name a `fhirServer` (prefetch only) until its FHIR base
 * URLs are listed.
 */
export type TrustedIssuers = Readonly<Record<string, string | TrustedIssuer>>;

/** One issuer's entry in the current form. */
export function issuerEntry(entry: string | TrustedIssuer): TrustedIssuer {
  return typeof entry === 'string' ? { jwksUrl: entry, fhirServers: [] } : entry;
}

const httpUrl = z
  .string()
  .refine((value) => /^https?:\/\//.test(value) && URL.canParse(value), 'must be an http(s) URL');

export const trustedIssuersSchema = z.record(
  z.string().min(1),
  z.union([httpUrl, z.strictObject({ jwksUrl: httpUrl, fhirServers: z.array(httpUrl).max(20) })]),
);

/** Reads and checks the trusted-issuers JSON file; throws an Error whose message says what to fix. */
export async function loadTrustedIssuers(file: string): Promise<TrustedIssuers> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new Error(`Cannot read the trusted-issuers file ${file}.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`The trusted-issuers file ${file} is not valid JSON.`);
  }
  const parsed = trustedIssuersSchema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    throw new Error(
      `The trusted-issuers file ${file} must be a JSON object of issuer → { "jwksUrl": URL, "fhirServers": [URL, …] } (problem at: ${where}).`,
    );
  }
  return parsed.data;
}

/** The server's local calendar date: what "today" means to the clinic using it. */
export function localToday(now: Date = new Date()): IsoDate {
  return localCalendarDate(now);
}
