import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  allowsRefresh,
  grantScopes,
  parseResourceScope,
  scopesAllow,
} from '../../../src/sandbox/smart/scopes.js';
import { Sessions } from '../../../src/sandbox/smart/sessions.js';
import { pkceMatches } from '../../../src/sandbox/smart/token.js';

describe('SMART scopes', () => {
  it('reads v1 and v2 resource scopes', () => {
    expect([...(parseResourceScope('patient/Observation.read')?.permissions ?? [])].sort()).toEqual([
      'r',
      's',
    ]);
    expect([...(parseResourceScope('patient/MedicationRequest.write')?.permissions ?? [])].sort()).toEqual([
      'c',
      'd',
      'u',
    ]);
    expect([...(parseResourceScope('patient/*.cruds')?.permissions ?? [])].sort()).toEqual([
      'c',
      'd',
      'r',
      's',
      'u',
    ]);
    expect(parseResourceScope('patient/Observation.rs')?.type).toBe('Observation');
    expect(parseResourceScope('patient/Observation.sr')).toBeUndefined();
    expect(parseResourceScope('user/Observation.read')).toBeUndefined();
    expect(parseResourceScope('patient/Encounter.read')).toBeUndefined();
  });

  it('decides read, search and create per type', () => {
    const granted = ['patient/Observation.s', 'patient/Condition.r', 'patient/DocumentReference.c'];
    expect(scopesAllow(granted, 'Observation', 'search')).toBe(true);
    expect(scopesAllow(granted, 'Observation', 'read')).toBe(false);
    expect(scopesAllow(granted, 'Condition', 'read')).toBe(true);
    expect(scopesAllow(granted, 'DocumentReference', 'create')).toBe(true);
    expect(scopesAllow(granted, 'MedicationRequest', 'create')).toBe(false);
    expect(scopesAllow(['patient/*.read'], 'AllergyIntolerance', 'search')).toBe(true);
    expect(scopesAllow(['patient/*.read'], 'AllergyIntolerance', 'create')).toBe(false);
  });

  it('expands a wildcard around a denied type', () => {
    const granted = grantScopes('launch patient/*.rs online_access', 'Condition');
    expect(granted).toContain('patient/Observation.rs');
    expect(granted).not.toContain('patient/*.rs');
    expect(granted.some((s) => s.includes('Condition'))).toBe(false);
    expect(scopesAllow(granted, 'Condition', 'search')).toBe(false);
    expect(allowsRefresh(granted)).toBe(true);
    expect(allowsRefresh(grantScopes('launch patient/*.rs', null))).toBe(false);
  });
});

describe('PKCE S256', () => {
  it('matches only the verifier the challenge was made from', () => {
    const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    expect(challenge).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'); // RFC 7636 appendix B
    expect(pkceMatches(verifier, challenge)).toBe(true);
    expect(pkceMatches(`${verifier.slice(0, -1)}A`, challenge)).toBe(false);
    expect(pkceMatches('short', challenge)).toBe(false);
  });
});

describe('sessions', () => {
  it('expires launches, codes and access tokens by the clock', () => {
    let now = 1_000_000;
    const sessions = new Sessions(() => now);
    const launch = sessions.createLaunch('p1');
    const code = sessions.issueCode({
      clientId: 'c',
      redirectUri: 'r',
      scope: [],
      patientId: 'p1',
      codeChallenge: 'x',
    });
    const token = sessions.issueAccess({ clientId: 'c', scope: [], patientId: 'p1' }, 60);
    expect(sessions.resolveLaunch(launch)).toBe('p1');
    expect(typeof sessions.checkAccess(token)).toBe('object');
    now += 61_000;
    expect(sessions.takeCode(code)).toBeUndefined();
    expect(sessions.checkAccess(token)).toBe('expired');
    expect(sessions.checkAccess('unknown')).toBe('unknown');
    now += 10 * 60_000;
    expect(sessions.resolveLaunch(launch)).toBeUndefined();
  });
});
