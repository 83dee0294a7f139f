/**
 * Creates as a real FHIR server does them: plain, conditional (`If-None-Exist: identifier=…`, the
 * only criterion apps of this project send; 200 with the existing resource when one matches, 412 when
 * several do) and in a `transaction` Bundle, all entries or none.
 */
import type { Resource } from '@medplum/fhirtypes';
import { SUPPORTED_TYPES, type SupportedType } from '../faults.js';
import { scopesAllow } from '../smart/scopes.js';
import type { AccessGrant } from '../smart/sessions.js';
import { CREATABLE_TYPES } from './capability.js';
import { validateForCreate } from './validate.js';

export type RouteToRepo = (
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
) => Promise<[number, Resource | undefined]>;

export type CreateOutcome =
  | { ok: true; status: 200 | 201; resource: Resource }
  | { ok: false; status: number; code: string; message: string };

/** `identifier=system|value` → the token; anything else is refused (the sandbox honours no other criteria). */
function identifierCriterion(ifNoneExist: string): string | undefined {
  const params = new URLSearchParams(ifNoneExist);
  const keys = [...params.keys()];
  const token = params.get('identifier');
  return keys.length === 1 && token ? token : undefined;
}

async function findExisting(
  route: RouteToRepo,
  type: SupportedType,
  token: string,
  patientId: string,
): Promise<Resource[] | undefined> {
  const query = new URLSearchParams({ subject: `Patient/${patientId}`, identifier: token });
  const [status, found] = await route('GET', `/${type}?${query.toString()}`);
  if (status >= 400 || found?.resourceType !== 'Bundle') return undefined;
  return (found.entry ?? []).flatMap((entry) => (entry.resource ? [entry.resource] : []));
}

/** Everything short of storing: type, scope, validity, and the conditional match. */
export async function prepareCreate(
  route: RouteToRepo,
  type: string,
  body: unknown,
  grant: AccessGrant,
  ifNoneExist: string | undefined,
): Promise<CreateOutcome | { ok: 'store'; resource: Record<string, unknown>; type: SupportedType }> {
  const supported = (SUPPORTED_TYPES as readonly string[]).includes(type)
    ? (type as SupportedType)
    : undefined;
  if (!supported || !CREATABLE_TYPES.includes(supported)) {
    return {
      ok: false,
      status: 405,
      code: 'not-supported',
      message: `Creating ${type} is not supported by this server.`,
    };
  }
  if (!scopesAllow(grant.scope, supported, 'create')) {
    return {
      ok: false,
      status: 403,
      code: 'forbidden',
      message: `The access token does not grant create on ${type}.`,
    };
  }
  const problems = validateForCreate(body, supported, grant.patientId);
  if (problems.length > 0) return { ok: false, status: 400, code: 'invalid', message: problems.join(' ') };
  if (ifNoneExist !== undefined) {
    const token = identifierCriterion(ifNoneExist);
    if (!token) {
      return {
        ok: false,
        status: 400,
        code: 'not-supported',
        message: 'If-None-Exist must be identifier=system|value.',
      };
    }
    const existing = await findExisting(route, supported, token, grant.patientId);
    if (!existing)
      return { ok: false, status: 500, code: 'exception', message: 'The conditional search failed.' };
    if (existing.length > 1) {
      return {
        ok: false,
        status: 412,
        code: 'duplicate',
        message: 'More than one resource matches If-None-Exist.',
      };
    }
    if (existing[0]) return { ok: true, status: 200, resource: existing[0] };
  }
  // The server assigns id and meta on create (FHIR RESTful API §3.1.0.8).
  const resource: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  delete resource.id;
  delete resource.meta;
  return { ok: 'store', resource, type: supported };
}

export async function store(
  route: RouteToRepo,
  type: SupportedType,
  resource: Record<string, unknown>,
): Promise<CreateOutcome> {
  const [status, created] = await route('POST', `/${type}`, resource);
  if (status >= 400 || !created?.id) {
    return { ok: false, status, code: 'processing', message: 'The resource could not be stored.' };
  }
  return { ok: true, status: 201, resource: created };
}

export async function createOne(
  route: RouteToRepo,
  type: string,
  body: unknown,
  grant: AccessGrant,
  ifNoneExist: string | undefined,
): Promise<CreateOutcome> {
  const prepared = await prepareCreate(route, type, body, grant, ifNoneExist);
  return prepared.ok === 'store' ? store(route, prepared.type, prepared.resource) : prepared;
}

interface TransactionEntry {
  resource?: unknown;
  request?: { method?: unknown; url?: unknown; ifNoneExist?: unknown };
}

export type TransactionOutcome =
  | { ok: true; entries: { status: 200 | 201; resource: Resource }[] }
  | { ok: false; status: number; code: string; message: string };

/** Every entry is checked before any is stored, so a refused entry leaves nothing behind. */
export async function runTransaction(
  route: RouteToRepo,
  body: unknown,
  grant: AccessGrant,
): Promise<TransactionOutcome> {
  const bundle = body as { resourceType?: unknown; type?: unknown; entry?: unknown } | null;
  if (bundle?.resourceType !== 'Bundle' || bundle.type !== 'transaction' || !Array.isArray(bundle.entry)) {
    return {
      ok: false,
      status: 400,
      code: 'invalid',
      message: 'Only transaction Bundles are accepted here.',
    };
  }
  const entries = bundle.entry as TransactionEntry[];
  if (entries.length === 0 || entries.length > 20) {
    return { ok: false, status: 400, code: 'invalid', message: 'A transaction needs 1 to 20 entries.' };
  }
  const prepared = [];
  for (const [index, entry] of entries.entries()) {
    const { method, url, ifNoneExist } = entry.request ?? {};
    if (method !== 'POST' || typeof url !== 'string') {
      return {
        ok: false,
        status: 400,
        code: 'not-supported',
        message: `Entry ${index + 1}: only POST entries are supported.`,
      };
    }
    const outcome = await prepareCreate(
      route,
      url,
      entry.resource,
      grant,
      typeof ifNoneExist === 'string' ? ifNoneExist : undefined,
    );
    if (outcome.ok === false) return { ...outcome, message: `Entry ${index + 1}: ${outcome.message}` };
    prepared.push(outcome);
  }
  const results: { status: 200 | 201; resource: Resource }[] = [];
  for (const outcome of prepared) {
    const done = outcome.ok === 'store' ? await store(route, outcome.type, outcome.resource) : outcome;
    if (!done.ok) return done;
    results.push({ status: done.status, resource: done.resource });
  }
  return { ok: true, entries: results };
}
