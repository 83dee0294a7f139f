/**
 * The demo EHR prefetches as a CDS client does (CDS Hooks 2.0 §Prefetch): it reads the service's
 * templates from discovery, runs each against its own FHIR server for the patient in context, and
 * sends the whole answer (every page in one Bundle), `null` for a search that found nothing. A
 * template it cannot fill or a search that fails is left out, so the service reads that part itself.
 */
import { z } from 'zod';

const discoverySchema = z.looseObject({
  services: z.array(z.looseObject({ id: z.string(), prefetch: z.record(z.string(), z.string()).optional() })),
});
const pageSchema = z.looseObject({
  resourceType: z.literal('Bundle'),
  entry: z.array(z.unknown()).optional(),
  link: z.array(z.looseObject({ relation: z.string(), url: z.string() })).optional(),
});

/** More pages than a chart of the demo ever has: a runaway `next` chain is left to the service. */
const MAX_PAGES = 20;
const TIMEOUT_MS = 5_000;
const PATIENT_TOKEN = '{{context.patientId}}';

export interface PrefetchSource {
  serviceBase: string;
  serviceId: string;
  fhirBase: string;
  accessToken: string;
  patientId: string;
}

export async function prefetchFor(source: PrefetchSource): Promise<Record<string, unknown> | undefined> {
  const templates = await templatesOf(source);
  if (!templates) return undefined;
  // All parts at once, as the chart waits for them (and the demo's slow-server fault delays each).
  const parts = await Promise.all(
    Object.entries(templates).map(async ([key, template]) => {
      // Only the patient token is filled here; a template needing more is one this client cannot serve.
      const query = template.replaceAll(PATIENT_TOKEN, encodeURIComponent(source.patientId));
      if (query.includes('{{')) return [key, undefined] as const;
      return [key, await run(source, `${source.fhirBase}/${query}`)] as const;
    }),
  );
  return Object.fromEntries(parts.filter(([, value]) => value !== undefined));
}

async function templatesOf(source: PrefetchSource): Promise<Record<string, string> | undefined> {
  const body = await getJson(`${source.serviceBase}/cds-services`);
  const parsed = discoverySchema.safeParse(body);
  if (!parsed.success) return undefined;
  return parsed.data.services.find((service) => service.id === source.serviceId)?.prefetch;
}

/** A read gives the resource (or `null` when not found); a search gives one Bundle of every page. */
async function run(source: PrefetchSource, url: string): Promise<unknown> {
  const isSearch = new URL(url).search.length > 0;
  if (!isSearch) {
    const resource = await getJson(url, source.accessToken, [404]);
    return resource === NOT_FOUND ? null : resource;
  }
  const entry: unknown[] = [];
  let next: string | undefined = url;
  for (let page = 0; next !== undefined; page += 1) {
    if (page === MAX_PAGES) return undefined;
    const parsed = pageSchema.safeParse(await getJson(next, source.accessToken));
    if (!parsed.success) return undefined;
    entry.push(...(parsed.data.entry ?? []));
    next = parsed.data.link?.find((link) => link.relation === 'next')?.url;
  }
  return entry.length === 0
    ? null
    : { resourceType: 'Bundle', type: 'searchset', total: entry.length, entry };
}

const NOT_FOUND = Symbol('not found');

async function getJson(url: string, token?: string, absentStatuses: number[] = []): Promise<unknown> {
  try {
    const response = await fetch(url, {
      headers: { accept: 'application/fhir+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (absentStatuses.includes(response.status)) return NOT_FOUND;
    return response.ok ? ((await response.json()) as unknown) : undefined;
  } catch {
    return undefined;
  }
}
