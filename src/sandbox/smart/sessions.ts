/**
 * In-memory state of the authorization server: EHR launch contexts, authorization codes, access
 * and refresh tokens. Every secret is 256 random bits and opaque to the app.
 */
import { randomBytes } from 'node:crypto';
import type { AuthorizeParams } from './authorize.js';

export function opaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

export interface LaunchContext {
  patientId: string;
  expiresAt: number;
}

export interface AuthorizationCode {
  /** The signed-in user (`Patient/…` after a patient-portal sign-in); absent: the demo clinician. */
  fhirUser?: string;
  clientId: string;
  redirectUri: string;
  scope: string[];
  patientId: string;
  codeChallenge: string;
  expiresAt: number;
}

export interface AccessGrant {
  /** The signed-in user (`Patient/…` after a patient-portal sign-in); absent: the demo clinician. */
  fhirUser?: string;
  clientId: string;
  scope: string[];
  patientId: string;
  /** Epoch ms. */
  expiresAt: number;
}

/** Counters the tests read through GET /admin/events (no tokens, no patient data). */
export interface SessionEvents {
  launches: number;
  codesIssued: number;
  tokensIssued: number;
  refreshGrants: number;
  refreshRefused: number;
  expiredTokenRequests: number;
}

const LAUNCH_LIFETIME_MS = 10 * 60_000;
const CODE_LIFETIME_MS = 60_000;

export class Sessions {
  readonly #launches = new Map<string, LaunchContext>();
  readonly #codes = new Map<string, AuthorizationCode>();
  readonly #access = new Map<string, AccessGrant>();
  readonly #refresh = new Map<string, Omit<AccessGrant, 'expiresAt'>>();
  readonly #pendingPicks = new Map<string, { params: AuthorizeParams; expiresAt: number }>();
  readonly events: SessionEvents = {
    launches: 0,
    codesIssued: 0,
    tokensIssued: 0,
    refreshGrants: 0,
    refreshRefused: 0,
    expiredTokenRequests: 0,
  };

  constructor(private readonly now: () => number = Date.now) {}

  createLaunch(patientId: string): string {
    const id = opaqueToken();
    this.#launches.set(id, { patientId, expiresAt: this.now() + LAUNCH_LIFETIME_MS });
    this.events.launches += 1;
    return id;
  }

  /** The patient bound to an EHR launch; a launch may be used more than once until it expires (page reloads). */
  resolveLaunch(id: string): string | undefined {
    const launch = this.#launches.get(id);
    if (!launch || launch.expiresAt < this.now()) return undefined;
    return launch.patientId;
  }

  /** A standalone request waits here while the user picks a patient. */
  holdAuthorization(params: AuthorizeParams): string {
    const id = opaqueToken();
    this.#pendingPicks.set(id, { params, expiresAt: this.now() + LAUNCH_LIFETIME_MS });
    return id;
  }

  takeAuthorization(id: string): AuthorizeParams | undefined {
    const found = this.#pendingPicks.get(id);
    this.#pendingPicks.delete(id);
    if (!found || found.expiresAt < this.now()) return undefined;
    return found.params;
  }

  issueCode(details: Omit<AuthorizationCode, 'expiresAt'>): string {
    const code = opaqueToken();
    this.#codes.set(code, { ...details, expiresAt: this.now() + CODE_LIFETIME_MS });
    this.events.codesIssued += 1;
    return code;
  }

  /** Codes are single use: taking one removes it whether or not the exchange then succeeds. */
  takeCode(code: string): AuthorizationCode | undefined {
    const found = this.#codes.get(code);
    this.#codes.delete(code);
    if (!found || found.expiresAt < this.now()) return undefined;
    return found;
  }

  issueAccess(grant: Omit<AccessGrant, 'expiresAt'>, lifetimeSeconds: number): string {
    const token = opaqueToken();
    this.#access.set(token, { ...grant, expiresAt: this.now() + lifetimeSeconds * 1000 });
    this.events.tokensIssued += 1;
    return token;
  }

  issueRefresh(grant: Omit<AccessGrant, 'expiresAt'>): string {
    const token = opaqueToken();
    this.#refresh.set(token, grant);
    return token;
  }

  /** Refresh tokens rotate: the old one stops working once used. */
  takeRefresh(token: string): Omit<AccessGrant, 'expiresAt'> | undefined {
    const found = this.#refresh.get(token);
    this.#refresh.delete(token);
    return found;
  }

  /** 'expired' is distinguished so the FHIR server can answer with the right error text. */
  checkAccess(token: string): AccessGrant | 'unknown' | 'expired' {
    const grant = this.#access.get(token);
    if (!grant) return 'unknown';
    if (grant.expiresAt <= this.now()) {
      this.events.expiredTokenRequests += 1;
      return 'expired';
    }
    return grant;
  }

  /** Error injection: every access token issued so far is expired now (refresh tokens still work). */
  expireAllAccessTokens(): number {
    for (const grant of this.#access.values()) grant.expiresAt = 0;
    return this.#access.size;
  }
}
