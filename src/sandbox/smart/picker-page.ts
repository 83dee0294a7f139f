/** The standalone-launch patient picker (context-standalone-patient). */
import { escapeHtml } from '../http/respond.js';
import type { SyntheticPatient } from '../patients/types.js';

export function pickerPage(patients: readonly SyntheticPatient[], requestId: string): string {
  const rows = patients
    .map(
      (p) =>
        `<li><button type="submit" name="patient" value="${escapeHtml(p.id)}">${escapeHtml(p.name)}</button>` +
        ` <span>${escapeHtml(p.description)}</span></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Select a patient — Demo EHR</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}li{margin:.4rem 0}button{min-width:14rem;text-align:left}</style>
</head><body>
<h1>Select a patient</h1>
<p>The app asked for a patient. All patients are synthetic.</p>
<form method="post" action="/auth/pick">
<input type="hidden" name="request" value="${escapeHtml(requestId)}">
<ul>
${rows}
</ul>
</form>
</body></html>`;
}
