/**
 * One CDS Hooks call from the demo EHR, as an EHR makes it: a JWT signed with the EHR's key, the
 * context, the prefetch when there is one, and a short-lived read-only FHIR token for the patient so
 * the service can read what the prefetch lacks. Transport failures become a message the chart shows.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { fhirBase, type SandboxContext } from '../context.js';
import { DEMO_CLINICIAN } from '../smart/signing.js';

const READ_SCOPE = 'patient/*.read';
const TOKEN_LIFETIME_SECONDS = 300;

export type HookCallResult<Card> = { ok: true; cards: Card[] } | { ok: false; message: string };

export interface HookCall {
  serviceUrl: string;
  hook: string;
  patientId: string;
  /** Context beyond `userId` and `patientId` (e.g. `draftOrders`). */
  context?: Record<string, unknown>;
  /** The prefetch, built with the call's access token (it reads the EHR's own FHIR server). */
  prefetch?: (accessToken: string) => Promise<Record<string, unknown> | undefined>;
}

export async function postHookCall<Card>(
  ctx: SandboxContext,
  call: HookCall,
  responseSchema: z.ZodType<{ cards: Card[] }>,
  refusal: (res: Response) => Promise<string>,
): Promise<HookCallResult<Card>> {
  const accessToken = ctx.sessions.issueAccess(
    { clientId: 'cds-hooks-service', scope: [READ_SCOPE], patientId: call.patientId },
    TOKEN_LIFETIME_SECONDS,
  );
  const prefetch = await call.prefetch?.(accessToken);
  const jwt = await ctx.signer.signCdsClientJwt({ issuer: ctx.origin(), audience: call.serviceUrl });
  try {
    const res = await fetch(call.serviceUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        hook: call.hook,
        hookInstance: randomUUID(),
        fhirServer: fhirBase(ctx),
        fhirAuthorization: {
          access_token: accessToken,
          token_type: 'Bearer',
          expires_in: TOKEN_LIFETIME_SECONDS,
          scope: READ_SCOPE,
          subject: 'cds-hooks-service',
          patient: call.patientId,
        },
        context: { userId: DEMO_CLINICIAN, patientId: call.patientId, ...call.context },
        ...(prefetch ? { prefetch } : {}),
      }),
      signal: AbortSignal.timeout(15_000),
    });
    if (!res.ok) return { ok: false, message: await refusal(res) };
    const parsed = responseSchema.safeParse(await res.json());
    if (!parsed.success)
      return { ok: false, message: 'The CDS Hooks service sent cards this EHR cannot read.' };
    return { ok: true, cards: parsed.data.cards };
  } catch (error) {
    const reason =
      error instanceof Error && error.name === 'TimeoutError'
        ? 'did not answer in time'
        : 'could not be reached';
    return { ok: false, message: `The CDS Hooks service ${reason}.` };
  }
}
