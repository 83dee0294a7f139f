/**
 * The demo EHR as a CDS Hooks client: when a chart opens it calls the `patient-view` service with
 * a signed JWT, the prefetch the service asks for, and a short-lived, read-only FHIR token for that
 * patient (for what the prefetch lacks), and shows the cards.
 */
import { z } from 'zod';
import { partsOfRecord } from '../../fhir/record-parts.js';
import { fhirBase, type SandboxContext } from '../context.js';
import { postHookCall, type HookCallResult } from './hook-call.js';
import { prefetchFor } from './prefetch.js';

const suggestionSchema = z.looseObject({
  label: z.string(),
  uuid: z.string(),
  actions: z
    .array(
      z.looseObject({
        type: z.string(),
        description: z.string(),
        resource: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .optional(),
});

const cardSchema = z.looseObject({
  uuid: z.string().optional(),
  summary: z.string(),
  suggestions: z.array(suggestionSchema).optional(),
  overrideReasons: z
    .array(z.looseObject({ code: z.string(), system: z.string().optional(), display: z.string().optional() }))
    .optional(),
  indicator: z.enum(['info', 'warning', 'critical']),
  detail: z.string().optional(),
  source: z.looseObject({ label: z.string() }),
  links: z
    .array(z.looseObject({ label: z.string(), url: z.string(), type: z.enum(['absolute', 'smart']) }))
    .optional(),
});
const responseSchema = z.looseObject({ cards: z.array(cardSchema) });
export type ShownCard = z.infer<typeof cardSchema>;
export type ShownSuggestion = z.infer<typeof suggestionSchema>;

export type PatientViewResult = HookCallResult<ShownCard>;

const SERVICE_ID = 'aih-navigator';

export async function callPatientView(
  ctx: SandboxContext,
  serviceBase: string,
  patientId: string,
): Promise<PatientViewResult> {
  return postHookCall(
    ctx,
    {
      serviceUrl: `${serviceBase}/cds-services/${SERVICE_ID}`,
      hook: 'patient-view',
      patientId,
      prefetch: (accessToken) =>
        prefetchFor({ serviceBase, serviceId: SERVICE_ID, fhirBase: fhirBase(ctx), accessToken, patientId }),
    },
    responseSchema,
    failureMessage,
  );
}

/** 412: the service names the resource types it could not have; the EHR says which data, in clinical words. */
const unavailableSchema = z.looseObject({ unavailable: z.array(z.string()).min(1) });

export async function failureMessage(res: Response): Promise<string> {
  if (res.status === 412) {
    const body = unavailableSchema.safeParse(await res.json().catch(() => undefined));
    const what = body.success ? partsOfRecord(body.data.unavailable) : 'part of the record';
    return `Decision support (AIH Navigator) could not assess this patient: ${what} could not be read for it.`;
  }
  return 'Decision support (AIH Navigator) is not available for this chart right now.';
}
