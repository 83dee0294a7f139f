/**
 * SMART launch page: EHR launch (`?iss=…&launch=…`) or standalone launch (`?iss=…`). fhirclient picks the
 * EHR's configuration by `iss` and redirects to the authorization server; nothing runs after authorize().
 */
import FHIR from 'fhirclient';
import { authorizeConfigs, findEhrConfig, type AuthorizeConfig } from '../src/smart-config.js';
import { isPkceRefusal, launchRefusal, notConfigured, PKCE_REFUSAL, type Refusal } from './refusals.js';

/**
 * fhirclient 2.6.3 picks one of several configurations by `issMatch` at run time (smart.js `authorize`),
 * but its type declaration admits a single configuration only.
 */
const authorizeOneOf = FHIR.oauth2.authorize as unknown as (
  configs: readonly AuthorizeConfig[],
) => Promise<string | void>;

function showStatus(message: string): void {
  const status = document.getElementById('launch-status');
  if (status) status.textContent = message;
}

/** A launch refused before any authorize request: the heading says what, the status what to do. */
function showRefusal(refusal: Refusal): void {
  document.title = `AIH Navigator: ${refusal.title}`;
  const heading = document.querySelector('h1');
  if (heading) heading.textContent = refusal.title;
  showStatus(refusal.detail);
}

function isInFrame(): boolean {
  try {
    return window.self !== window.top;
  } catch {
    // A cross-origin parent throws on access: that is a frame too.
    return true;
  }
}

function launch(): void {
  const params = new URLSearchParams(window.location.search);
  const iss = params.get('iss');
  if (!iss) {
    showStatus(
      'AIH Navigator must be opened from the patient chart in the EHR, or with an "iss" address of a FHIR server (standalone launch).',
    );
    return;
  }
  const ehr = findEhrConfig(iss);
  const refusal = launchRefusal(params, ehr);
  if (refusal || !ehr) {
    showRefusal(refusal ?? notConfigured(iss));
    return;
  }
  // Oracle PowerChart's embedded browser may share sessionStorage between instances: key state by the URL.
  if (!ehr.fullSessionStorageSupport) FHIR.oauth2.settings.fullSessionStorageSupport = false;
  const configs = authorizeConfigs({
    launchUrl: window.location.href,
    inFrame: isInFrame(),
    stateKey: crypto.randomUUID(),
  });
  authorizeOneOf(configs).catch((error: unknown) => {
    if (isPkceRefusal(error)) {
      showRefusal(PKCE_REFUSAL);
      return;
    }
    console.error('SMART launch failed', error instanceof Error ? error.message : 'unknown error');
    showStatus(
      'AIH Navigator could not connect to the EHR. Please close it and launch it again from the patient chart; if this keeps happening, contact your EHR administrator.',
    );
  });
}

launch();
