/**
 * The demo EHR's signing key: OpenID Connect id_tokens for `openid fhirUser`, and the JWTs with
 * which it calls CDS Hooks services as a CDS client. The key pair lives for the life of the
 * process; its public half is served as the JWKS (/auth/jwks).
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

export const DEMO_CLINICIAN = 'Practitioner/demo-clinician';
const KEY_ID = 'sandbox-1';

export interface EhrSigner {
  /** `fhirUser` defaults to the demo clinician. */
  signIdToken(claims: { issuer: string; clientId: string; fhirUser?: string }): Promise<string>;
  /** CDS Hooks 2.0 "Trusting CDS Clients": iss = this EHR, aud = the service URL, unique jti. */
  signCdsClientJwt(claims: { issuer: string; audience: string }): Promise<string>;
  jwks(): { keys: JWK[] };
}

export async function createEhrSigner(): Promise<EhrSigner> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const publicJwk: JWK = {
    ...(await exportJWK(publicKey as CryptoKey)),
    kid: KEY_ID,
    alg: 'ES256',
    use: 'sig',
  };
  return {
    async signIdToken({ issuer, clientId, fhirUser = DEMO_CLINICIAN }) {
      const name = fhirUser === DEMO_CLINICIAN ? 'Demo Clinician' : 'Demo Patient';
      return new SignJWT({ fhirUser: `${issuer}/${fhirUser}`, name })
        .setProtectedHeader({ alg: 'ES256', kid: KEY_ID })
        .setIssuer(issuer)
        .setAudience(clientId)
        .setSubject(fhirUser.replace('/', '-').toLowerCase())
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey);
    },
    async signCdsClientJwt({ issuer, audience }) {
      return new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: KEY_ID, typ: 'JWT' })
        .setIssuer(issuer)
        .setSubject('demo-ehr')
        .setAudience(audience)
        .setJti(randomUUID())
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(privateKey);
    },
    jwks: () => ({ keys: [publicJwk] }),
  };
}
