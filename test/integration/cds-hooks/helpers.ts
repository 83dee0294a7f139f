/**
 * Test helpers for the CDS Hooks service: an EHR's signing keys served as a JWKS on loopback, a
 * small FHIR server on loopback, JWT signing and a hook-call client.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { createCdsServer } from '../../../src/cds-hooks/server.js';

export interface TestKey {
  kid: string;
  alg: 'ES384' | 'RS384';
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function makeKey(alg: 'ES384' | 'RS384', kid: string): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicJwk };
}

export async function listenOnLoopback(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<{ server: Server; url: string; close: () => Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A JWKS endpoint holding the public halves of `keys`. */
export async function startJwks(keys: readonly TestKey[]) {
  const loopback = await listenOnLoopback((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ keys: keys.map((k) => k.publicJwk) }));
  });
  return { ...loopback, jwksUrl: `${loopback.url}/jwks.json` };
}

export interface JwtClaims {
  iss: string;
  aud: string;
  jti?: string;
  /** Seconds relative to now. */
  iatOffset?: number;
  expOffset?: number;
  jku?: string;
  omit?: ('jti' | 'exp' | 'iat')[];
}

export async function signJwt(key: TestKey, claims: JwtClaims): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = { iss: claims.iss, aud: claims.aud, sub: 'ehr-client-id' };
  if (!claims.omit?.includes('jti')) payload.jti = claims.jti ?? crypto.randomUUID();
  if (!claims.omit?.includes('iat')) payload.iat = now + (claims.iatOffset ?? 0);
  if (!claims.omit?.includes('exp')) payload.exp = now + (claims.expOffset ?? 300);
  return new SignJWT(payload)
    .setProtectedHeader({
      alg: key.alg,
      kid: key.kid,
      typ: 'JWT',
      ...(claims.jku ? { jku: claims.jku } : {}),
    })
    .sign(key.privateKey);
}

/** An unsigned (`alg: none`) JWT, built by hand because no library should make one. */
export function unsignedJwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
}

export async function postJson(
  url: string,
  body: unknown,
  token?: string,
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as unknown) : undefined,
    headers: response.headers,
  };
}

export interface FhirServerOptions {
  /** Resource types that answer with this HTTP status instead of data. */
  failing?: Record<string, number>;
}

/**
 * A loopback FHIR server over a fixed set of resources: reads by id, searches by type and patient
 * (other search parameters are ignored: the service's loader filters client-side). Records every
 * request path and whether it carried the expected bearer token.
 */
export async function startFhirServer(
  resources: readonly Record<string, unknown>[],
  options: FhirServerOptions = {},
) {
  const requests: { path: string; authorization: string | undefined }[] = [];
  const loopback = await listenOnLoopback((request, response) => {
    const url = new URL(request.url ?? '/', 'http://fhir.invalid');
    requests.push({ path: url.pathname + url.search, authorization: request.headers.authorization });
    const [, , type, id] = url.pathname.split('/');
    const send = (status: number, body: unknown): void => {
      response.writeHead(status, { 'Content-Type': 'application/fhir+json' });
      response.end(JSON.stringify(body));
    };
    const failStatus = type ? options.failing?.[type] : undefined;
    if (failStatus) {
      send(failStatus, {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'exception' }],
      });
      return;
    }
    if (id) {
      const found = resources.find((r) => r.resourceType === type && r.id === id);
      if (found) send(200, found);
      else send(404, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] });
      return;
    }
    const patient = url.searchParams.get('patient');
    const matches = resources.filter((r) => r.resourceType === type && (!patient || belongsTo(r, patient)));
    send(200, searchset(matches));
  });
  return { ...loopback, base: `${loopback.url}/fhir`, requests };
}

function belongsTo(resource: Record<string, unknown>, patientId: string): boolean {
  const ref = (resource.subject ?? resource.patient) as { reference?: string } | undefined;
  return ref?.reference === `Patient/${patientId}`;
}

export function searchset(resources: readonly unknown[], next?: string): Record<string, unknown> {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: resources.length,
    ...(next ? { link: [{ relation: 'next', url: next }] } : {}),
    entry: resources.map((resource) => ({ resource, search: { mode: 'match' } })),
  };
}

/**
 * The service on loopback trusting one EHR signing key, answering as of `today()`; `call` posts a
 * hook request with a freshly signed JWT.
 */
export async function startSignedService(options: {
  issuer: string;
  appLaunchUrl: string;
  today: () => string;
  /** FHIR base URLs (on loopback) the issuer is trusted with. */
  fhirServers?: string[];
}) {
  const key = await makeKey('ES384', 'ehr-key');
  const jwks = await startJwks([key]);
  const dataDir = await mkdtemp(join(tmpdir(), 'cds-service-'));
  const service = createCdsServer({
    port: 0,
    trustedIssuers: { [options.issuer]: { jwksUrl: jwks.jwksUrl, fhirServers: options.fhirServers ?? [] } },
    allowLoopbackHttp: true,
    dataDir,
    appLaunchUrl: options.appLaunchUrl,
    today: options.today,
  });
  const serviceUrl = `${(await service.listen()).url}/cds-services/aih-navigator`;
  return {
    serviceUrl,
    call: async (body: unknown) =>
      postJson(serviceUrl, body, await signJwt(key, { iss: options.issuer, aud: serviceUrl })),
    close: async (): Promise<void> => {
      await service.close();
      await jwks.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
