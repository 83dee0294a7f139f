/**
 * SMART scopes (App Launch 1 and 2): which requested scopes are granted, and what a granted
 * scope set allows. Only patient-level resource scopes are offered: the demo EHR always has a
 * patient in context.
 */
import { SUPPORTED_TYPES, type SupportedType } from '../faults.js';

export type Interaction = 'read' | 'search' | 'create';

/** Scopes granted whenever requested; everything else is checked as a resource scope. */
const CONTEXT_SCOPES = new Set([
  'openid',
  'fhirUser',
  'profile',
  'launch',
  'launch/patient',
  'online_access',
  'offline_access',
]);

interface ResourceScope {
  type: SupportedType | '*';
  /** SMART v2 letters (v1 read/write/* are translated). */
  permissions: Set<'c' | 'r' | 'u' | 'd' | 's'>;
}

const RESOURCE_SCOPE = /^patient\/(\*|[A-Z][A-Za-z]+)\.(read|write|\*|c?r?u?d?s?)$/;

function isSupportedType(type: string): type is SupportedType {
  return (SUPPORTED_TYPES as readonly string[]).includes(type);
}

export function parseResourceScope(scope: string): ResourceScope | undefined {
  const match = RESOURCE_SCOPE.exec(scope);
  if (!match?.[1] || !match[2]) return undefined;
  const [, type, access] = match as unknown as [string, string, string];
  if (type !== '*' && !isSupportedType(type)) return undefined;
  const letters = access === 'read' ? 'rs' : access === 'write' ? 'cud' : access === '*' ? 'cruds' : access;
  const permissions = new Set([...letters] as ('c' | 'r' | 'u' | 'd' | 's')[]);
  return { type, permissions };
}

/**
 * The scopes granted for a request: those on the allow-list, without any that name the denied
 * type (a wildcard is expanded to the other types so the denial is visible in the grant).
 */
export function grantScopes(requested: string, deniedType: SupportedType | null): string[] {
  const granted: string[] = [];
  for (const scope of requested.split(/\s+/).filter(Boolean)) {
    if (CONTEXT_SCOPES.has(scope)) {
      granted.push(scope);
      continue;
    }
    const parsed = parseResourceScope(scope);
    if (!parsed) continue;
    if (parsed.type === deniedType) continue;
    if (parsed.type === '*' && deniedType) {
      const suffix = scope.slice(scope.indexOf('.'));
      for (const type of SUPPORTED_TYPES) {
        if (type !== deniedType) granted.push(`patient/${type}${suffix}`);
      }
      continue;
    }
    granted.push(scope);
  }
  return [...new Set(granted)];
}

const NEEDED: Record<Interaction, 'r' | 's' | 'c'> = { read: 'r', search: 's', create: 'c' };

/** Whether the granted scopes allow an interaction on a resource type. */
export function scopesAllow(granted: readonly string[], type: string, action: Interaction): boolean {
  return granted.some((scope) => {
    const parsed = parseResourceScope(scope);
    if (!parsed) return false;
    return (parsed.type === '*' || parsed.type === type) && parsed.permissions.has(NEEDED[action]);
  });
}

export function allowsRefresh(granted: readonly string[]): boolean {
  return granted.includes('online_access') || granted.includes('offline_access');
}
