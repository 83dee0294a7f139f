// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const fhir = vi.hoisted(() => ({
  authorize: vi.fn(async () => undefined),
  ready: vi.fn(),
  settings: { fullSessionStorageSupport: true } as Record<string, unknown>,
}));
vi.mock('fhirclient', () => ({ default: { oauth2: fhir } }));

const EPIC = 'https%3A%2F%2Ffhir.epic.com%2Finterconnect-fhir-oauth%2Fapi%2FFHIR%2FR4';

function openLaunchPage(search: string): void {
  document.body.innerHTML = '<h1>AIH Navigator</h1><p id="launch-status"></p>';
  window.history.replaceState({}, '', `/launch/launch.html${search}`);
}

beforeEach(() => {
  vi.resetModules();
  fhir.authorize.mockClear();
  fhir.settings.fullSessionStorageSupport = true;
});
afterEach(() => sessionStorage.clear());

describe('launch page', () => {
  it('authorizes with one configuration per EHR, a UUID state and the EHR-launch scope', async () => {
    openLaunchPage(`?iss=${EPIC}&launch=xyz`);
    await import('../../../launch/launch.js');
    expect(fhir.authorize).toHaveBeenCalledTimes(1);
    const [configs] = fhir.authorize.mock.calls[0] as unknown as [
      { issMatch: RegExp; stateKey: string; scope: string; redirectUri: string }[],
    ];
    expect(configs.length).toBe(3);
    expect(configs.every((config) => (config as { pkceMode?: string }).pkceMode === 'required')).toBe(true);
    expect(configs[0]!.stateKey).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(configs.every((config) => config.scope.split(' ').includes('launch'))).toBe(true);
    expect(configs[0]!.redirectUri).toBe(`${window.location.origin}/index.html`);
    expect(configs.some((config) => 'iss' in config)).toBe(false);
    expect(fhir.settings.fullSessionStorageSupport).toBe(true);
  });

  it('keys state by URL for Oracle (fullSessionStorageSupport = false)', async () => {
    openLaunchPage('?iss=https%3A%2F%2Ffhir-ehr.cerner.com%2Fr4%2Ftenant&launch=abc');
    await import('../../../launch/launch.js');
    expect(fhir.settings.fullSessionStorageSupport).toBe(false);
  });

  it('refuses an EHR that is not configured, naming the issuer as text, with no authorize request', async () => {
    const iss = 'https://attacker.example/fhir/<img src=x onerror=alert(1)>';
    openLaunchPage(`?iss=${encodeURIComponent(iss)}&launch=xyz`);
    await import('../../../launch/launch.js');
    expect(fhir.authorize).not.toHaveBeenCalled();
    expect(document.querySelector('h1')?.textContent).toBe('This EHR is not configured for AIH Navigator');
    expect(document.getElementById('launch-status')?.textContent).toContain(iss);
    expect(document.querySelector('img')).toBeNull();
  });

  it.each(['fhirServiceUrl', 'clientId', 'patientId'])(
    'refuses a launch address that would override the configuration with %s',
    async (name) => {
      openLaunchPage(`?iss=${EPIC}&launch=xyz&${name}=x`);
      await import('../../../launch/launch.js');
      expect(fhir.authorize).not.toHaveBeenCalled();
      expect(document.getElementById('launch-status')?.textContent).toContain(name);
    },
  );

  it('shows the PKCE refusal when the EHR does not advertise S256 (fhirclient refuses before redirecting)', async () => {
    fhir.authorize.mockRejectedValueOnce(
      new Error(
        "Required PKCE code challenge method (`S256`) was not found in the server's codeChallengeMethods declaration.",
      ),
    );
    openLaunchPage(`?iss=${EPIC}&launch=xyz`);
    await import('../../../launch/launch.js');
    await vi.waitFor(() =>
      expect(document.querySelector('h1')?.textContent).toBe("This EHR's sign-in does not offer PKCE"),
    );
    expect(document.getElementById('launch-status')?.textContent).toContain('PKCE (S256)');
  });

  it('explains how to launch when there is no iss', async () => {
    openLaunchPage('');
    await import('../../../launch/launch.js');
    expect(fhir.authorize).not.toHaveBeenCalled();
    expect(document.getElementById('launch-status')?.textContent).toContain('patient chart');
  });
});

describe('app page session', () => {
  it('reports "not launched" without touching fhirclient when the page has no launch', async () => {
    window.history.replaceState({}, '', '/index.html');
    const { openSmartSession } = await import('../../../src/app/smart-session.js');
    await expect(openSmartSession()).rejects.toMatchObject({ name: 'NotLaunchedError' });
    expect(fhir.ready).not.toHaveBeenCalled();
  });

  it('matches the launch page for Oracle before completing the launch', async () => {
    sessionStorage.setItem('state-1', JSON.stringify({ serverUrl: 'https://fhir-ehr.cerner.com/r4/tenant' }));
    window.history.replaceState({}, '', '/index.html?code=c&state=state-1');
    fhir.ready.mockResolvedValueOnce({
      patient: { id: 'p9' },
      state: {
        serverUrl: 'https://fhir-ehr.cerner.com/r4/tenant',
        tokenResponse: { scope: 'launch', need_patient_banner: true },
      },
      request: vi.fn(),
      create: vi.fn(),
    });
    const { openSmartSession } = await import('../../../src/app/smart-session.js');
    const session = await openSmartSession();
    expect(fhir.settings.fullSessionStorageSupport).toBe(false);
    expect(session).toMatchObject({ patientId: 'p9', ehr: 'oracle', needPatientBanner: true });
  });
});
