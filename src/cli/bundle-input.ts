/**
 * A FHIR Bundle as input (collection, searchset, transaction, batch, or one nested in an NDJSON line).
 * Medications are indexed before anything refers to them; entries are routed to their patient, including
 * transaction Bundles whose Patient has no id yet and is referred to by its `urn:uuid:` fullUrl.
 * Server messages (OperationOutcome entries, e.g. Epic's 4101/4119) go to the Bundle's patient when it
 * has exactly one.
 */
import { z } from 'zod';
import { isResourceLike, type AddOutcome, type ResourceLike } from './cohort.js';
import type { ReadContext } from './read-inputs.js';

/** Compiled (zod's fast path, the same results): an export may hold a Bundle per line. */
const bundleSchema = z.compile(
  z.looseObject({
    resourceType: z.literal('Bundle'),
    entry: z
      .array(z.looseObject({ fullUrl: z.string().optional(), resource: z.unknown().optional() }))
      .optional(),
  }),
);

interface Entry {
  index: number;
  fullUrl?: string;
  resource: unknown;
}

export function isBundle(value: unknown): boolean {
  return isResourceLike(value) && value.resourceType === 'Bundle';
}

/**
 * @param answers whether this thread reports what belongs to no patient of its own (always, unless it is
 *   a partition other than the first in a parallel run).
 */
export function addBundle(
  bundle: unknown,
  file: string,
  origin: string,
  context: ReadContext,
  answers = true,
): void {
  const parsed = bundleSchema.safeParse(bundle);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const detail = issue ? `${issue.path.join('.')}: ${issue.message}` : 'not a Bundle';
    if (answers) context.report.invalid(file, origin, `invalid Bundle (${detail})`);
    return;
  }
  const entries: Entry[] = [];
  (parsed.data.entry ?? []).forEach((entry, index) => {
    // An entry without a resource (a transaction DELETE, a response) carries no clinical data.
    if (entry.resource !== undefined)
      entries.push({ index, fullUrl: entry.fullUrl, resource: entry.resource });
  });
  const patientByFullUrl = indexBundle(entries, context);
  routeEntries(entries, patientByFullUrl, { file, origin, context, answers });
}

/** First pass: Medications into the index, and which fullUrl is which patient. */
function indexBundle(entries: readonly Entry[], context: ReadContext): Map<string, string> {
  const patientByFullUrl = new Map<string, string>();
  for (const entry of entries) {
    if (!isResourceLike(entry.resource)) continue;
    if (entry.resource.resourceType === 'Medication')
      context.cohort.medications.add(entry.resource, entry.fullUrl);
    if (entry.resource.resourceType === 'Patient') {
      const id = patientIdFromEntry(entry.resource, entry.fullUrl);
      if (id !== undefined && entry.fullUrl !== undefined) patientByFullUrl.set(entry.fullUrl, id);
    }
  }
  return patientByFullUrl;
}

interface Routing {
  file: string;
  origin: string;
  context: ReadContext;
  answers: boolean;
}

function routeEntries(
  entries: readonly Entry[],
  patientByFullUrl: ReadonlyMap<string, string>,
  routing: Routing,
): void {
  const { file, origin, context, answers } = routing;
  const { cohort, report } = context;
  const patients = new Set<string>();
  const serverMessages: { resource: ResourceLike; where: string; index: number }[] = [];
  // Another partition counts its own patients' entries; what belongs to no patient is counted once.
  const record = (outcome: AddOutcome, where: string, index: number): void => {
    if (outcome.kind === 'elsewhere' || (outcome.kind !== 'added' && !answers)) return;
    report.resources += 1;
    report.account(outcome, file, where, index);
  };
  for (const entry of entries) {
    const where = `${origin}: entry ${entry.index}`;
    const resource = entry.resource;
    if (isBundle(resource)) {
      addBundle(resource, file, where, context, answers);
    } else if (!isResourceLike(resource)) {
      record({ kind: 'invalid', reason: 'not a FHIR resource (no resourceType)' }, where, entry.index);
    } else if (resource.resourceType === 'Medication') {
      record({ kind: 'medication' }, where, entry.index); // indexed in the first pass
    } else if (resource.resourceType === 'OperationOutcome') {
      serverMessages.push({ resource, where, index: entry.index });
    } else {
      const { routed, owner } = ownerInBundle(resource, entry.fullUrl, patientByFullUrl);
      const outcome = cohort.add(routed, where, owner);
      if (outcome.kind === 'added' || outcome.kind === 'elsewhere') patients.add(outcome.patientId);
      record(outcome, where, entry.index);
    }
  }
  const onlyPatient = patients.size === 1 ? [...patients][0] : undefined;
  for (const message of serverMessages) {
    record(cohort.add(message.resource, message.where, onlyPatient), message.where, message.index);
  }
}

/** The patient an entry belongs to when only the Bundle can tell (ids assigned by fullUrl). */
function ownerInBundle(
  resource: ResourceLike,
  fullUrl: string | undefined,
  patientByFullUrl: ReadonlyMap<string, string>,
): { routed: ResourceLike; owner?: string } {
  if (resource.resourceType === 'Patient') {
    const id = patientIdFromEntry(resource, fullUrl);
    if (id === undefined) return { routed: resource };
    return { routed: resource.id === id ? resource : { ...resource, id }, owner: id };
  }
  const reference = referenceOf(resource.subject) ?? referenceOf(resource.patient);
  const owner = reference === undefined ? undefined : patientByFullUrl.get(reference);
  return owner === undefined ? { routed: resource } : { routed: resource, owner };
}

function patientIdFromEntry(patient: ResourceLike, fullUrl: string | undefined): string | undefined {
  if (typeof patient.id === 'string' && patient.id.length > 0) return patient.id;
  if (fullUrl === undefined) return undefined;
  const last = fullUrl
    .replace(/^urn:(uuid|oid):/, '')
    .split('/')
    .pop();
  return last === undefined || last.length === 0 ? undefined : last;
}

function referenceOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const reference = (value as { reference?: unknown }).reference;
  return typeof reference === 'string' ? reference : undefined;
}
