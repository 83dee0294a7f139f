/**
 * The FHIR REST endpoint under /fhir: bearer-token and scope checks, the patient compartment,
 * error injection, then medplum's router over the in-memory repository.
 */
import { getStatus } from '@medplum/core';
import type { FhirRequest, HttpMethod } from '@medplum/fhir-router';
import { FhirRouter } from '@medplum/fhir-router';
import type { Bundle, Resource } from '@medplum/fhirtypes';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fhirBase, type SandboxContext } from '../context.js';
import { SUPPORTED_TYPES, type SupportedType } from '../faults.js';
import { BodyTooLargeError, corsHeaders, delay, readBody, sendJson } from '../http/respond.js';
import { scopesAllow, type Interaction } from '../smart/scopes.js';
import type { AccessGrant } from '../smart/sessions.js';
import { capabilityStatement, CREATABLE_TYPES } from './capability.js';
import { referencedMedicationIds, wantsMedicationInclude } from './include.js';
import { hostileLinks, hostileOrder } from './hostile.js';
import { pageLinks, planSearch } from './search.js';
import { createOne, runTransaction, type RouteToRepo } from './write.js';

const FHIR_JSON = 'application/fhir+json';
const router = new FhirRouter();

function outcome(severity: 'error' | 'information', code: string, text: string): Record<string, unknown> {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, details: { text } }] };
}

function sendFhir(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, body, { ...corsHeaders(), ...headers }, FHIR_JSON);
}

function sendOutcome(
  res: ServerResponse,
  status: number,
  code: string,
  text: string,
  headers: Record<string, string> = {},
): void {
  sendFhir(res, status, outcome('error', code, text), headers);
}

async function routeToRepo(
  ctx: SandboxContext,
  method: HttpMethod,
  url: string,
  body?: unknown,
): Promise<[number, Resource | undefined]> {
  const request: FhirRequest = { method, url, pathname: '', body, params: {}, query: {} };
  const [result, resource] = await router.handleRequest(request, ctx.repo);
  return [getStatus(result), resource];
}

function isSupported(type: string): type is SupportedType {
  return (SUPPORTED_TYPES as readonly string[]).includes(type);
}

/** The grant behind the bearer token, or an error already sent. */
function authenticate(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
): AccessGrant | undefined {
  const header = req.headers.authorization ?? '';
  const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  const grant = token ? ctx.sessions.checkAccess(token) : 'unknown';
  if (typeof grant === 'object') return grant;
  const text = grant === 'expired' ? 'The access token has expired.' : 'A valid bearer token is required.';
  sendOutcome(res, 401, grant === 'expired' ? 'expired' : 'login', text, {
    'www-authenticate': `Bearer realm="fhir", error="invalid_token", error_description="${text}"`,
  });
  return undefined;
}

function compartmentOf(resource: Resource, patientId: string): boolean {
  if (resource.resourceType === 'Medication') return true;
  if (resource.resourceType === 'Patient') return resource.id === patientId;
  const ref = resource as { subject?: { reference?: string }; patient?: { reference?: string } };
  return (ref.subject?.reference ?? ref.patient?.reference) === `Patient/${patientId}`;
}

async function search(
  ctx: SandboxContext,
  type: SupportedType,
  url: URL,
  grant: AccessGrant,
  res: ServerResponse,
): Promise<void> {
  const plan = planSearch(type, url.searchParams, grant.patientId);
  if (!plan.ok)
    return sendOutcome(res, plan.status, plan.status === 403 ? 'forbidden' : 'invalid', plan.message);
  const query = new URLSearchParams(plan.query);
  query.set('_count', String(plan.count));
  query.set('_offset', String(plan.offset));
  query.set('_total', 'accurate');
  const [status, found] = await routeToRepo(ctx, 'GET', `/${type}?${query.toString()}`);
  if (status >= 400 || found?.resourceType !== 'Bundle')
    return sendOutcome(res, status, 'processing', 'Search failed.');
  const bundle: Bundle = found;
  const typeUrl = `${fhirBase(ctx)}/${type}`;
  const included =
    type === 'MedicationRequest' && wantsMedicationInclude(url.searchParams)
      ? await readMedications(ctx, referencedMedicationIds((bundle.entry ?? []).map((e) => e.resource)))
      : [];
  const links = pageLinks(typeUrl, url.searchParams, { ...plan, total: bundle.total ?? 0 });
  const entry: unknown[] = [
    ...(bundle.entry ?? []).map((match) => ({
      fullUrl: `${typeUrl}/${match.resource?.id ?? ''}`,
      resource: match.resource,
      search: { mode: 'match' },
    })),
    ...included.map((resource) => ({
      fullUrl: `${fhirBase(ctx)}/Medication/${resource.id ?? ''}`,
      resource,
      search: { mode: 'include' },
    })),
  ];
  const hostile = ctx.faults.current.hostileOrigin;
  if (hostile && type === 'MedicationRequest') {
    entry.push({ resource: hostileOrder(hostile, grant.patientId, ctx.today), search: { mode: 'match' } });
  }
  sendFhir(res, 200, {
    resourceType: 'Bundle',
    type: 'searchset',
    total: bundle.total ?? 0,
    link: hostile && type === 'Observation' ? hostileLinks(links, hostile, type) : links,
    entry,
  });
}

/** The Medications that exist of those asked for (a dangling reference is left to the client). */
async function readMedications(ctx: SandboxContext, ids: readonly string[]): Promise<Resource[]> {
  const read = await Promise.all(
    ids.map((id) => routeToRepo(ctx, 'GET', `/Medication/${encodeURIComponent(id)}`)),
  );
  return read.flatMap(([status, resource]) => (status < 400 && resource ? [resource] : []));
}

async function read(
  ctx: SandboxContext,
  type: SupportedType,
  id: string,
  grant: AccessGrant,
  res: ServerResponse,
): Promise<void> {
  const [status, resource] = await routeToRepo(ctx, 'GET', `/${type}/${encodeURIComponent(id)}`);
  // Outside the compartment looks the same as absent: nothing leaks about other patients.
  if (status >= 400 || !resource || !compartmentOf(resource, grant.patientId)) {
    return sendOutcome(res, 404, 'not-found', `${type}/${id} was not found.`);
  }
  sendFhir(res, 200, resource);
}

async function readJson(req: IncomingMessage, res: ServerResponse): Promise<{ body: unknown } | undefined> {
  try {
    return { body: JSON.parse(await readBody(req)) };
  } catch (error) {
    const tooLarge = error instanceof BodyTooLargeError;
    sendOutcome(
      res,
      tooLarge ? 413 : 400,
      'structure',
      tooLarge ? 'Body too large.' : 'The body is not valid JSON.',
    );
    return undefined;
  }
}

/** The in-memory repository behind the FHIR endpoint, for the EHR's own writes (card actions). */
export function repoRoute(ctx: SandboxContext): RouteToRepo {
  return (method, url, body) => routeToRepo(ctx, method, url, body);
}

function locationOf(ctx: SandboxContext, resource: Resource): string {
  return `${fhirBase(ctx)}/${resource.resourceType}/${resource.id ?? ''}/_history/${resource.meta?.versionId ?? '1'}`;
}

async function create(
  ctx: SandboxContext,
  type: SupportedType,
  req: IncomingMessage,
  grant: AccessGrant,
  res: ServerResponse,
): Promise<void> {
  const read = await readJson(req, res);
  if (!read) return;
  const header = req.headers['if-none-exist'];
  const ifNoneExist = typeof header === 'string' ? header : undefined;
  const outcome = await createOne(repoRoute(ctx), type, read.body, grant, ifNoneExist);
  if (!outcome.ok) return sendOutcome(res, outcome.status, outcome.code, outcome.message);
  const version = outcome.resource.meta?.versionId ?? '1';
  sendFhir(res, outcome.status, outcome.resource, {
    location: locationOf(ctx, outcome.resource),
    etag: `W/"${version}"`,
  });
}

/** POST [base] with a transaction Bundle of creates: all stored, or none. */
async function transaction(
  ctx: SandboxContext,
  req: IncomingMessage,
  grant: AccessGrant,
  res: ServerResponse,
): Promise<void> {
  const read = await readJson(req, res);
  if (!read) return;
  const outcome = await runTransaction(repoRoute(ctx), read.body, grant);
  if (!outcome.ok) return sendOutcome(res, outcome.status, outcome.code, outcome.message);
  sendFhir(res, 200, {
    resourceType: 'Bundle',
    type: 'transaction-response',
    entry: outcome.entries.map(({ status, resource }) => ({
      fullUrl: `${fhirBase(ctx)}/${resource.resourceType}/${resource.id ?? ''}`,
      resource,
      response: {
        status: status === 201 ? '201 Created' : '200 OK',
        location: locationOf(ctx, resource),
      },
    })),
  });
}

function interactionOf(method: string, id: string | undefined): Interaction | undefined {
  if (method === 'GET') return id ? 'read' : 'search';
  if (method === 'POST' && !id) return 'create';
  return undefined;
}

export async function handleFhir(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', ctx.origin());
  const [type = '', id, ...rest] = url.pathname
    .replace(/^\/fhir\/?/, '')
    .split('/')
    .filter(Boolean);
  if (ctx.faults.current.slowMs > 0) await delay(ctx.faults.current.slowMs);
  if (type === 'metadata' && req.method === 'GET') {
    return sendFhir(res, 200, capabilityStatement(fhirBase(ctx), ctx.origin(), ctx.today));
  }
  const grant = authenticate(ctx, req, res);
  if (!grant) return;
  if (type === '' && req.method === 'POST') return transaction(ctx, req, grant, res);
  if (!isSupported(type))
    return sendOutcome(
      res,
      404,
      'not-supported',
      `Resource type ${type || '(none)'} is not supported by this server.`,
    );
  const interaction = rest.length === 0 ? interactionOf(req.method ?? '', id) : undefined;
  if (!interaction || (interaction === 'create' && !CREATABLE_TYPES.includes(type))) {
    return sendOutcome(
      res,
      405,
      'not-supported',
      `${req.method ?? ''} ${url.pathname} is not supported by this server.`,
    );
  }
  if (ctx.faults.current.failingType === type) {
    return sendOutcome(res, 500, 'exception', `Internal error while reading ${type} (injected fault).`);
  }
  if (ctx.faults.current.deniedType === type || !scopesAllow(grant.scope, type, interaction)) {
    return sendOutcome(res, 403, 'forbidden', `The access token does not grant ${interaction} on ${type}.`);
  }
  if (interaction === 'search') return search(ctx, type, url, grant, res);
  if (interaction === 'read') return read(ctx, type, id ?? '', grant, res);
  return create(ctx, type, req, grant, res);
}
