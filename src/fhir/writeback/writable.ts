/**
 * What this EHR lets AIH Navigator write, per resource type: the server must declare `create` for
 * the type in its CapabilityStatement **and** the granted scopes must allow creating it
 * (ehr-notes.md §Writing back). Transactions and conditional create are read from the same statement.
 */
import { supportsInteraction, type ServerCapabilities } from '../capabilities.js';
import { canCreate } from './scopes.js';

export interface WriteAllowance {
  /** The type can be created by this app at this server. */
  canCreate(resourceType: string): boolean;
  /** The server takes `If-None-Exist` on creates of the type. */
  conditional(resourceType: string): boolean;
  /** The server takes a `transaction` Bundle. */
  transactions: boolean;
  /** The app may search the type by identifier (to find an earlier write). */
  canSearch(resourceType: string): boolean;
}

/** Granted v1 `read`/`*` or any v2 permission with `s`; a search for an earlier write needs it. */
function scopeAllowsSearch(grantedScopes: string, resourceType: string): boolean {
  return grantedScopes.split(/\s+/).some((scope) => {
    const match = /^(patient|user)\/(\*|[A-Za-z]+)\.([a-z*]+)(\?.*)?$/.exec(scope);
    if (!match || (match[2] !== '*' && match[2] !== resourceType)) return false;
    const permission = match[3] ?? '';
    return permission === 'read' || permission === '*' || /^c?r?u?d?s$/.test(permission);
  });
}

export function writeAllowance(
  capabilities: ServerCapabilities | undefined,
  grantedScopes: string,
): WriteAllowance {
  return {
    canCreate: (type) =>
      supportsInteraction(capabilities, type, 'create') &&
      canCreate(grantedScopes, type) &&
      // Oracle's MedicationRequest create documents a reported home medication; it cannot hold a proposal.
      !(type === 'MedicationRequest' && capabilities?.vendor === 'oracle'),
    conditional: (type) => capabilities?.conditionalCreate.has(type) ?? false,
    transactions: capabilities?.system.has('transaction') ?? false,
    canSearch: (type) =>
      supportsInteraction(capabilities, type, 'search-type') && scopeAllowsSearch(grantedScopes, type),
  };
}

/** Nothing can be written: an unreadable CapabilityStatement is taken to allow nothing. */
export const NOTHING_WRITABLE: WriteAllowance = {
  canCreate: () => false,
  conditional: () => false,
  transactions: false,
  canSearch: () => false,
};
