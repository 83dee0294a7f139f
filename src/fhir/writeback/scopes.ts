/**
 * Whether the granted SMART scopes allow creating a resource type. v1: `patient/X.write`,
 * `user/X.*`, `patient/*.*`; v2: any permission string with `c` (`.c`, `.cruds`, `.cu?category=…`).
 */
const SCOPE = /^(patient|user|system)\/(\*|[A-Za-z]+)\.([a-z*]+)(\?.*)?$/;

function grantsCreate(permission: string): boolean {
  if (permission === '*' || permission === 'write') return true;
  // v2 permissions are letters from c r u d s, in that order.
  return /^c?r?u?d?s?$/.test(permission) && permission.includes('c');
}

export function canCreate(grantedScopes: string, resourceType: string): boolean {
  return grantedScopes
    .split(/\s+/)
    .filter((scope) => scope.length > 0)
    .some((scope) => {
      const match = SCOPE.exec(scope);
      if (!match) return false;
      const [, context, type, permission] = match;
      if (context === 'system') return false; // a launched app acts for a patient or a user, not as a system
      return (type === '*' || type === resourceType) && grantsCreate(permission ?? '');
    });
}
