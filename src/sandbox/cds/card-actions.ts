/**
 * The demo EHR acting on a CDS Hooks card as an EHR does: a suggestion's button applies all of its
 * actions to the FHIR server in one transaction (all or none; conditional on the decision
 * identifier, so applying twice writes once), and the outcome goes back to the service as CDS Hooks
 * feedback (accepted, or overridden with the clinician's reason). The cards shown on a chart are
 * kept here for a while under a random id, so the pages carry no card content in their forms.
 */
import { randomUUID } from 'node:crypto';
import { DECISION_IDENTIFIER_SYSTEM } from '../../core/decision-id.js';
import { fhirBase, type SandboxContext } from '../context.js';
import { runTransaction, type RouteToRepo } from '../fhir/write.js';
import { DEMO_CLINICIAN } from '../smart/signing.js';
import type { ShownCard, ShownSuggestion } from './patient-view-client.js';

const SERVICE_ID = 'aih-navigator';
const KEEP_MS = 30 * 60_000;
const MAX_CHARTS = 500;

interface ShownChart {
  patientId: string;
  cards: ShownCard[];
  serviceBase: string;
  expiresAt: number;
}

const shown = new Map<string, ShownChart>();
/**
 * Suggestions already applied, by patient and suggestion uuid: a card whose resources carry no
 * decision identifier (rules v1) is still applied once, as an EHR remembers what it acted on.
 */
const applied = new Map<string, string[]>();

/** Remembers the cards of an opened chart; the id goes into the card forms. */
export function rememberCards(patientId: string, cards: ShownCard[], serviceBase: string): string {
  const now = Date.now();
  for (const [id, chart] of shown) if (chart.expiresAt < now) shown.delete(id);
  while (shown.size >= MAX_CHARTS) shown.delete(shown.keys().next().value as string);
  const id = randomUUID();
  shown.set(id, { patientId, cards, serviceBase, expiresAt: now + KEEP_MS });
  return id;
}

export interface CardActionResult {
  ok: boolean;
  /** What happened, in words, for the result page. */
  lines: string[];
}

function decisionToken(resource: Record<string, unknown>): string | undefined {
  const ids = Array.isArray(resource.identifier)
    ? (resource.identifier as { system?: unknown; value?: unknown }[])
    : [];
  const own = ids.find((id) => id.system === DECISION_IDENTIFIER_SYSTEM && typeof id.value === 'string');
  return own ? `identifier=${DECISION_IDENTIFIER_SYSTEM}|${String(own.value)}` : undefined;
}

/** Each create action as a transaction entry, with the EHR's provenance (the signed-in clinician, now). */
function transactionOf(suggestion: ShownSuggestion, now: Date): Record<string, unknown> {
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: (suggestion.actions ?? [])
      .filter((action) => action.type === 'create' && action.resource)
      .map((action) => {
        const resource: Record<string, unknown> = {
          ...action.resource,
          requester: { reference: DEMO_CLINICIAN },
          authoredOn: now.toISOString(),
        };
        const ifNoneExist = decisionToken(resource);
        return {
          resource,
          request: {
            method: 'POST',
            url: String(resource.resourceType),
            ...(ifNoneExist ? { ifNoneExist } : {}),
          },
        };
      }),
  };
}

async function sendFeedback(
  ctx: SandboxContext,
  chart: ShownChart,
  item: Record<string, unknown>,
): Promise<string> {
  const url = `${chart.serviceBase}/cds-services/${SERVICE_ID}/feedback`;
  const jwt = await ctx.signer.signCdsClientJwt({ issuer: ctx.origin(), audience: url });
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
      body: JSON.stringify({ feedback: [{ ...item, outcomeTimestamp: new Date().toISOString() }] }),
      signal: AbortSignal.timeout(10_000),
    });
    return res.ok
      ? 'Feedback sent to the CDS service.'
      : `The CDS service refused the feedback (${res.status}).`;
  } catch {
    return 'The CDS service could not be reached for feedback.';
  }
}

function find(chartId: string, cardIndex: number): { chart: ShownChart; card: ShownCard } | undefined {
  const chart = shown.get(chartId);
  const card = chart?.cards[cardIndex];
  return chart && card && chart.expiresAt >= Date.now() ? { chart, card } : undefined;
}

export async function applySuggestion(
  ctx: SandboxContext,
  route: RouteToRepo,
  form: URLSearchParams,
): Promise<CardActionResult> {
  const found = find(form.get('chart') ?? '', Number(form.get('card')));
  const suggestion = found?.card.suggestions?.find((s) => s.uuid === form.get('suggestion'));
  if (!found || !suggestion)
    return { ok: false, lines: ['This card is no longer available: open the chart again.'] };
  const key = `${found.chart.patientId}|${suggestion.uuid}`;
  const earlier = applied.get(key);
  if (earlier)
    return { ok: true, lines: earlier.map((line) => line.replace(/^Created: /, 'Already in the chart: ')) };
  const grant = {
    clientId: 'demo-ehr',
    scope: ['patient/*.cruds'],
    patientId: found.chart.patientId,
    expiresAt: Date.now() + 60_000,
  };
  const outcome = await runTransaction(route, transactionOf(suggestion, new Date()), grant);
  if (!outcome.ok) {
    return {
      ok: false,
      lines: [`Nothing was applied: the FHIR server refused the suggestion (${outcome.message}).`],
    };
  }
  const lines = outcome.entries.map(
    ({ status, resource }) =>
      `${status === 201 ? 'Created' : 'Already in the chart'}: ${resource.resourceType}/${resource.id ?? ''} (draft proposal)`,
  );
  const feedback = await sendFeedback(ctx, found.chart, {
    card: found.card.uuid ?? '',
    outcome: 'accepted',
    acceptedSuggestions: [{ id: suggestion.uuid }],
  });
  applied.set(key, lines);
  return { ok: true, lines: [`Applied “${suggestion.label}” to ${fhirBase(ctx)}:`, ...lines, feedback] };
}

export async function overrideCard(ctx: SandboxContext, form: URLSearchParams): Promise<CardActionResult> {
  const found = find(form.get('chart') ?? '', Number(form.get('card')));
  const reason = found?.card.overrideReasons?.find((r) => r.code === form.get('reason'));
  if (!found || !reason) return { ok: false, lines: ['Choose a reason from the card to dismiss it.'] };
  const comment = (form.get('comment') ?? '').trim().slice(0, 1000);
  const feedback = await sendFeedback(ctx, found.chart, {
    card: found.card.uuid ?? '',
    outcome: 'overridden',
    overrideReason: {
      reason: { code: reason.code, ...(reason.system ? { system: reason.system } : {}) },
      ...(comment ? { userComment: comment } : {}),
    },
  });
  return { ok: true, lines: [`Card dismissed: ${reason.display ?? reason.code}.`, feedback] };
}
