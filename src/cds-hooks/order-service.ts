/**
 * What `order-select` and `order-sign` share: parse the call (400 for a malformed context), gather
 * the patient's data as patient-view does (prefetch, else the FHIR server), then run the core's
 * order checks on the drafts. Unlike patient-view they never answer 412: data that cannot be had
 * becomes a load gap, and the checks that needed it are named on a warning card, so a dangerous
 * order is never passed in silence.
 */
import { assessWithoutCard } from '../core/assess.js';
import { checkDraftOrders, type OrderBasis } from '../core/order-checks/assess-orders.js';
import { readDraftOrders } from '../fhir/map/draft-orders.js';
import { readReferencedMedications } from './medication-reads.js';
import { FETCH_TIMEOUT_MS } from './patient-data.js';
import { patientRecordFor, type KnownPrefetch } from './patient-record.js';
import type { CallerTrust, PatientViewSettings, ServiceAnswer } from './patient-view.js';
import { fhirServerRefusal } from './patient-view.js';
import { PrefetchPatientMismatch } from './prefetch.js';
import { draftResources, orderRequestSchema, type OrderHook, type OrderRequest } from './order-schemas.js';
import { describeIssues } from './schemas.js';

const SCHEMAS = {
  'order-select': orderRequestSchema('order-select'),
  'order-sign': orderRequestSchema('order-sign'),
} as const;

export async function answerOrderHook(
  hook: OrderHook,
  body: unknown,
  settings: PatientViewSettings,
  caller: CallerTrust = {},
  known: KnownPrefetch = {},
): Promise<ServiceAnswer> {
  const parsed = SCHEMAS[hook].safeParse(body);
  if (!parsed.success)
    return problem(
      400,
      'invalid-request',
      `The ${hook} request is not valid: ${describeIssues(parsed.error)}.`,
    );
  const request = parsed.data as OrderRequest;
  const refused = fhirServerRefusal(request.fhirServer, settings, caller);
  if (refused) return refused;
  const drafts = readDraftOrders(await withReferencedDrugs(request, settings));
  // Nothing an order check concerns (no AIH drug, nothing unreadable): no need to read the chart.
  if (drafts.unreadable.length === 0 && drafts.drafts.every((d) => d.ingredients.length === 0))
    return { status: 200, body: { cards: [] } };
  let gathered;
  try {
    gathered = await patientRecordFor(request, settings.dependencies, { requiredAsGaps: true }, known);
  } catch (error) {
    if (error instanceof PrefetchPatientMismatch)
      return problem(400, 'patient-mismatch', `${error.message}.`);
    throw error;
  }
  // requiredAsGaps: gathering answers with what it has.
  if (!gathered.ok) throw new Error('gathering failed despite requiredAsGaps');
  const record = gathered.record;
  const options = { asOf: settings.today(), ...(settings.uuid ? { uuid: settings.uuid } : {}) };
  // The basis does not depend on the drafts: a prefetch seen before on the same day is not assessed again.
  const assess = (): OrderBasis => assessWithoutCard(record, options);
  const basis = gathered.assessments ? gathered.assessments.orders.reuse(record, options, assess) : assess();
  const { cards } = checkDraftOrders(record, basis, drafts, options);
  return { status: 200, body: { cards } };
}

/**
 * The drafts, and the Medications they name by reference that the Bundle does not carry, read from
 * the FHIR server (Epic drafts often name their drug so): an order for an unknown drug is not checked.
 */
async function withReferencedDrugs(
  request: OrderRequest,
  settings: PatientViewSettings,
): Promise<Record<string, unknown>[]> {
  const drafts = draftResources(request);
  const requester = request.fhirServer
    ? settings.dependencies.createRequester(request.fhirServer, request.fhirAuthorization?.access_token)
    : undefined;
  const drugs = await readReferencedMedications(drafts, requester, FETCH_TIMEOUT_MS);
  return [...drafts, ...(drugs.resources as Record<string, unknown>[])];
}

function problem(status: number, error: string, message: string): ServiceAnswer {
  return { status, body: { error, message } };
}
