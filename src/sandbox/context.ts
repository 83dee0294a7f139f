/**
 * What every part of the demo EHR shares: its addresses, switches and state. The origin is only
 * known once the server listens (tests use port 0), so it is read through a function.
 */
import type { MemoryRepository } from '@medplum/fhir-router';
import type { BackendServices } from './bulk/backend-token.js';
import type { Faults } from './faults.js';
import type { SyntheticPatient } from './patients/types.js';
import type { EhrSigner } from './smart/signing.js';
import type { RegisteredClient } from './smart/clients.js';
import type { Sessions } from './smart/sessions.js';

export interface SandboxContext {
  /** e.g. http://127.0.0.1:8090 */
  origin(): string;
  /** The app's base URL (its launch page is `<appUrl>/launch/launch.html`). */
  appUrl(): string;
  /** The apps registered with the authorization server, each with its exact redirect URIs. */
  clients(): readonly RegisteredClient[];
  faults: Faults;
  sessions: Sessions;
  repo: MemoryRepository;
  patients: readonly SyntheticPatient[];
  signer: EhrSigner;
  /** Reference date of the synthetic records (YYYY-MM-DD). */
  today: string;
  /** SMART Backend Services clients (Bulk Data export), when any are registered. */
  backend?: BackendServices;
}

export function fhirBase(ctx: SandboxContext): string {
  return `${ctx.origin()}/fhir`;
}
