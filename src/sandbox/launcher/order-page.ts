/**
 * The demo EHR's order entry: pick an AIH drug and a dose text (the EHR calls order-select), then
 * Sign (order-sign). Cards are shown as the EHR shows them; a suggestion's Accept button applies its
 * actions to the draft list. Plain forms: the sandbox pages run no scripts.
 */
import type { OrderCard, OrderHookResult } from '../cds/order-client.js';
import { escapeHtml } from '../http/respond.js';
import { draftLabel, ORDERABLE_DRUGS, type DraftResource } from '../orders/draft-list.js';
import type { SyntheticPatient } from '../patients/types.js';
import { page } from './pages.js';

export interface OrderPageState {
  patient: SyntheticPatient;
  drafts: readonly DraftResource[];
  /** The hook just called and its answer (none on first opening). */
  called?: { hook: 'order-select' | 'order-sign'; result: OrderHookResult };
  /** Set when Sign found no card: the drafts count as signed. */
  signed?: boolean;
}

function hidden(name: string, value: string): string {
  return `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
}

function draftsField(state: OrderPageState): string {
  return hidden('patient', state.patient.id) + hidden('drafts', JSON.stringify(state.drafts));
}

function cardHtml(card: OrderCard, state: OrderPageState): string {
  const suggestions = (card.suggestions ?? [])
    .map(
      (s) =>
        `<form method="post" action="/ehr/orders">${draftsField(state)}${hidden('action', 'accept')}` +
        `${hidden('actions', JSON.stringify(s.actions))}` +
        `<button class="launch" type="submit">Accept: ${escapeHtml(s.label)}</button></form>`,
    )
    .join(' ');
  return `<div class="cds-card ${card.indicator}" role="alert"><span class="indicator">${escapeHtml(card.indicator)}</span>
<strong>${escapeHtml(card.summary)}</strong> <span class="note">— ${escapeHtml(card.source.label)}</span> ${suggestions}</div>`;
}

function cardsSection(state: OrderPageState): string {
  if (!state.called) return '';
  const { hook, result } = state.called;
  const body = !result.ok
    ? `<p class="note">${escapeHtml(result.message)}</p>`
    : result.cards.length === 0
      ? `<p class="note">No CDS Hooks cards (${hook}).</p>`
      : result.cards.map((card) => cardHtml(card, state)).join('\n');
  return `<section class="cds" aria-label="Order checks (${hook})">${body}</section>`;
}

export function orderPage(state: OrderPageState): string {
  const options = Object.entries(ORDERABLE_DRUGS)
    .map(([id, drug]) => `<option value="${id}">${escapeHtml(drug.display)}</option>`)
    .join('');
  const drafts =
    state.drafts.length === 0
      ? '<li class="note">No draft orders.</li>'
      : state.drafts.map((d) => `<li>${escapeHtml(draftLabel(d))}</li>`).join('');
  const signed = state.signed ? '<p role="status"><strong>Orders signed.</strong></p>' : '';
  return page(
    `Order entry — ${state.patient.name}`,
    `<div class="banner" aria-label="Patient"><strong>${escapeHtml(state.patient.name)}</strong>
<a href="/">Back to patient list</a></div>
${cardsSection(state)}
<main><section class="orders" aria-label="Order entry"><h2>Order entry</h2>
<form method="post" action="/ehr/orders">${draftsField(state)}${hidden('action', 'select')}
<label>Drug <select name="drug">${options}</select></label>
<label>Dose <input name="dose" value="" size="30" placeholder="e.g. 100 mg by mouth daily"></label>
<button class="launch" type="submit">Add to orders</button></form>
<h3>Draft orders</h3><ul aria-label="Draft orders">${drafts}</ul>
<form method="post" action="/ehr/orders">${draftsField(state)}${hidden('action', 'sign')}
<button class="launch" type="submit">Sign</button></form>${signed}</section></main>`,
  );
}
