/**
 * The EHR-like pages: a patient list (the "schedule") and a chart page that embeds the app in a
 * frame through a real SMART EHR launch.
 */
import { escapeHtml } from '../http/respond.js';
import type { PatientViewResult, ShownCard } from '../cds/patient-view-client.js';
import type { SyntheticPatient } from '../patients/types.js';

const STYLE = `
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1c1f24;background:#eef1f5}
header.ehr{background:#263b5e;color:#fff;padding:.5rem 1rem;display:flex;gap:1.5rem;align-items:baseline}
header.ehr h1{font-size:1.1rem;margin:0}
main{padding:1rem 1.5rem}
table{border-collapse:collapse;background:#fff;width:100%}
th,td{border-bottom:1px solid #d5dbe3;padding:.45rem .6rem;text-align:left;vertical-align:top}
th{background:#f6f7f9}
button.launch{background:#004b87;color:#fff;padding:.3rem .9rem;border:0;border-radius:4px;font:inherit;cursor:pointer}
button.launch:focus,button.launch:hover{background:#003460;outline:2px solid #ffbf47}
td form{margin:0}
.banner{background:#fff;border-bottom:2px solid #263b5e;padding:.5rem 1rem;display:flex;gap:2rem;flex-wrap:wrap}
.banner strong{font-size:1.1rem}
.chart{display:flex;height:calc(100vh - 6.5rem);min-height:40rem}
nav.activities{width:11rem;background:#dde3ea;padding:.5rem}
nav.activities span{display:block;padding:.3rem .4rem;color:#44505f}
nav.activities span.current{background:#fff;font-weight:600;color:#1c1f24}
iframe{flex:1;border:0;background:#fff}
.note{color:#44505f;font-size:.9rem}
.cds{background:#fff;padding:.4rem 1rem;border-bottom:1px solid #d5dbe3}
.cds-card{border-left:5px solid #1b5e9e;padding:.3rem .6rem;margin:.2rem 0}
.cds-card.warning{border-left-color:#b26a00}.cds-card.critical{border-left-color:#b00020}
.cds-card .indicator{text-transform:uppercase;font-size:.75rem;font-weight:700;margin-right:.5rem}
.orders{background:#fff;padding:.6rem 1rem;margin:.6rem 0}
.orders form{display:inline}
.cds-actions{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;margin:.3rem 0}
.cds-actions form{margin:0;display:flex;gap:.3rem;align-items:center}
.cds-actions button{font:inherit;padding:.15rem .6rem}
`;

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><header class="ehr"><h1>Demo EHR</h1><span>Synthetic patients only — not for clinical use</span></header>
${body}</body></html>`;
}

export function launcherPage(patients: readonly SyntheticPatient[], standaloneUrl: string): string {
  const rows = patients
    .map(
      (p) =>
        `<tr><td><strong>${escapeHtml(p.name)}</strong></td><td>${p.shape === 'epic' ? 'Epic-like' : 'Oracle Health-like'}</td>` +
        `<td>${escapeHtml(p.description)}</td>` +
        // A form post keeps the patient out of the chart page's URL.
        `<td><form method="post" action="/ehr/chart"><input type="hidden" name="patient" value="${escapeHtml(p.id)}">` +
        `<button class="launch" type="submit" aria-label="Launch AIH Navigator for ${escapeHtml(p.name)}">Launch</button></form></td></tr>`,
    )
    .join('\n');
  return page(
    'Demo EHR — patient list',
    `<main><h2>Hepatology clinic — patient list</h2>
<p class="note">Choose <em>Launch</em> to open a chart with AIH Navigator inside it (SMART EHR launch).
Or try a <a href="${escapeHtml(standaloneUrl)}">standalone launch</a> with the patient picker.</p>
<table><thead><tr><th scope="col">Patient</th><th scope="col">Record shape</th><th scope="col">Situation</th><th scope="col"><span class="note">App</span></th></tr></thead>
<tbody>
${rows}
</tbody></table></main>`,
  );
}

/** A suggestion as a button that applies its actions; the override as a reason picker (CDS Hooks feedback). */
function cardActions(card: ShownCard, chartId: string, index: number): string {
  const hidden = `<input type="hidden" name="chart" value="${escapeHtml(chartId)}"><input type="hidden" name="card" value="${index}">`;
  const buttons = (card.suggestions ?? [])
    .map(
      (s) =>
        `<form method="post" action="/ehr/cds/apply">${hidden}<input type="hidden" name="suggestion" value="${escapeHtml(s.uuid)}">` +
        `<button type="submit" class="cds-suggestion">${escapeHtml(s.label)}</button></form>`,
    )
    .join('');
  const reasons = card.overrideReasons ?? [];
  const override =
    reasons.length > 0
      ? `<form method="post" action="/ehr/cds/override">${hidden}<label>Dismiss: <select name="reason" required><option value="">reason…</option>` +
        reasons
          .map((r) => `<option value="${escapeHtml(r.code)}">${escapeHtml(r.display ?? r.code)}</option>`)
          .join('') +
        `</select></label><input name="comment" aria-label="Comment" placeholder="Comment" maxlength="1000"><button type="submit">Dismiss card</button></form>`
      : '';
  return buttons || override ? `<div class="cds-actions">${buttons}${override}</div>` : '';
}

function cardHtml(
  card: ShownCard,
  smartLaunchUrl: (url: string) => string,
  actions: { chartId: string; index: number } | undefined,
): string {
  const links = (card.links ?? [])
    .map((link) => {
      const href = link.type === 'smart' ? smartLaunchUrl(link.url) : link.url;
      return `<a href="${escapeHtml(href)}" target="app-frame">${escapeHtml(link.label)}</a>`;
    })
    .join(' ');
  return `<div class="cds-card ${card.indicator}"><span class="indicator">${escapeHtml(card.indicator)}</span>
<strong>${escapeHtml(card.summary)}</strong> <span class="note">— ${escapeHtml(card.source.label)}</span> ${links}
${actions ? cardActions(card, actions.chartId, actions.index) : ''}</div>`;
}

/** What applying a suggestion or dismissing a card did. */
export function cardActionPage(ok: boolean, lines: readonly string[]): string {
  return page(
    ok ? 'Demo EHR — card applied' : 'Demo EHR — card not applied',
    `<main><h2>${ok ? 'Done' : 'Not applied'}</h2><ul class="card-action-result">${lines
      .map((line) => `<li>${escapeHtml(line)}</li>`)
      .join('')}</ul><p><a href="/">Back to the patient list</a></p></main>`,
  );
}

/** The CDS Hooks cards of patient-view, as an EHR shows them above the chart. */
function cdsSection(
  result: PatientViewResult | undefined,
  smartLaunchUrl: (url: string) => string,
  chartId?: string,
): string {
  if (!result) return '';
  const body = !result.ok
    ? `<p class="note">${escapeHtml(result.message)}</p>`
    : result.cards.length === 0
      ? '<p class="note">No CDS Hooks cards for this patient.</p>'
      : result.cards
          .map((card, index) => cardHtml(card, smartLaunchUrl, chartId ? { chartId, index } : undefined))
          .join('\n');
  return `<section class="cds" aria-label="Decision support cards (CDS Hooks)">${body}</section>`;
}

export function chartPage(
  patient: SyntheticPatient,
  appLaunchUrl: string,
  cds?: { result: PatientViewResult; smartLaunchUrl: (url: string) => string; chartId?: string },
): string {
  const mrn = patient.resources[0]?.identifier;
  const mrnText = Array.isArray(mrn) ? String((mrn[0] as { value?: unknown } | undefined)?.value ?? '') : '';
  const birthDate = String(patient.resources[0]?.birthDate ?? '');
  return page(
    `Chart — ${patient.name}`,
    `<div class="banner" aria-label="Patient"><strong>${escapeHtml(patient.name)}</strong>
<span>Born ${escapeHtml(birthDate)}</span><span>MRN ${escapeHtml(mrnText)}</span>
<a href="/">Back to patient list</a>
<form method="post" action="/ehr/orders"><input type="hidden" name="patient" value="${escapeHtml(patient.id)}">
<button class="launch" type="submit">Order entry</button></form></div>
${cds ? cdsSection(cds.result, cds.smartLaunchUrl, cds.chartId) : ''}
<div class="chart"><nav class="activities" aria-label="Chart activities"><span>Summary</span><span>Results</span><span>Medications</span>
<span class="current">AIH Navigator</span></nav>
<iframe name="app-frame" title="AIH Navigator" src="${escapeHtml(appLaunchUrl)}"></iframe></div>`,
  );
}

export function notFoundPage(): string {
  return page('Not found', '<main><h2>Not found</h2><p><a href="/">Back to the patient list</a></p></main>');
}
