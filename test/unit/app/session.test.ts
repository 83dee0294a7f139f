import { describe, expect, it, vi } from 'vitest';
import type Client from 'fhirclient/lib/Client';
import { bannerDataOf } from '../../../src/app/banner-data.js';
import { tokenFactsOf } from '../../../src/app/session.js';
import { isWithoutLaunch, sessionFromClient } from '../../../src/app/smart-session.js';
import { maskPatient } from '../../../src/app/shell/Diagnostics.js';
import { applySmartStyle, styleProperties } from '../../../src/app/smart-style.js';
import { localToday } from '../../../src/app/today.js';

const storage = (entries: Record<string, string>) => ({ getItem: (key: string) => entries[key] ?? null });

describe('SMART session facts', () => {
  it('reads scope, need_patient_banner and smart_style_url from the token response, never the token', () => {
    const facts = tokenFactsOf({
      access_token: 'secret',
      scope: 'launch patient/Observation.rs',
      need_patient_banner: true,
      smart_style_url: 'https://ehr.org/style.json',
    });
    expect(facts).toEqual({
      grantedScopes: 'launch patient/Observation.rs',
      needPatientBanner: true,
      styleUrl: 'https://ehr.org/style.json',
    });
    expect(JSON.stringify(facts)).not.toContain('secret');
    expect(tokenFactsOf({ need_patient_banner: 'nonsense-type', smart_style_url: 42 })).toEqual({
      grantedScopes: '',
      needPatientBanner: false,
    });
  });

  it('knows when the page was opened without any launch', () => {
    expect(isWithoutLaunch('', storage({}))).toBe(true);
    expect(isWithoutLaunch('?code=x&state=y', storage({}))).toBe(false);
    expect(isWithoutLaunch('?error=access_denied', storage({}))).toBe(false);
    expect(isWithoutLaunch('', storage({ SMART_KEY: '"abc"' }))).toBe(false);
  });

  it('adapts a fhirclient Client: patient, EHR family, request with abort signal, create', async () => {
    const request = vi.fn(async () => ({ resourceType: 'Bundle' }));
    const create = vi.fn(async () => ({ id: '1' }));
    const client = {
      patient: { id: 'p1' },
      state: {
        serverUrl: 'https://fhir-ehr.cerner.com/r4/tenant',
        tokenResponse: { scope: 'launch/patient', need_patient_banner: false },
      },
      request,
      create,
    } as unknown as Client;
    const session = sessionFromClient(client);
    expect(session).toMatchObject({
      patientId: 'p1',
      ehr: 'oracle',
      grantedScopes: 'launch/patient',
      needPatientBanner: false,
    });
    const signal = new AbortController().signal;
    await session.fhir.request('Observation?patient=p1', { signal });
    expect(request).toHaveBeenCalledWith({ url: 'Observation?patient=p1', signal });
    await session.fhir.post('DocumentReference', { resourceType: 'DocumentReference' });
    expect(request).toHaveBeenLastCalledWith(
      expect.objectContaining({
        url: 'DocumentReference',
        method: 'POST',
        headers: expect.objectContaining({ 'Content-Type': 'application/fhir+json' }),
        body: JSON.stringify({ resourceType: 'DocumentReference' }),
      }),
    );
    expect(create).not.toHaveBeenCalled();
  });

  it('refuses a launch without a patient in context', () => {
    const client = {
      patient: { id: null },
      state: { serverUrl: 'x', tokenResponse: {} },
    } as unknown as Client;
    expect(() => sessionFromClient(client)).toThrow(/patient/);
  });
});

describe('patient banner data', () => {
  it('takes the official name, birth date and the MR identifier', () => {
    const banner = bannerDataOf([
      { resourceType: 'Observation', id: 'o' },
      {
        resourceType: 'Patient',
        name: [
          { use: 'nickname', text: 'Ada' },
          { use: 'official', family: 'Testpatient', given: ['Ada', 'B'] },
        ],
        birthDate: '1980-02-03',
        identifier: [{ value: 'X1' }, { type: { coding: [{ code: 'MR' }] }, value: 'MRN-42' }],
      },
    ]);
    expect(banner).toEqual({ name: 'Testpatient, Ada B', birthDate: '1980-02-03', mrn: 'MRN-42' });
    expect(bannerDataOf([{ resourceType: 'Patient' }])).toEqual({});
    expect(bannerDataOf([])).toBeUndefined();
  });
});

describe('smart_style_url', () => {
  it('keeps known keys with plain values and drops anything that could inject CSS', () => {
    expect(
      styleProperties({
        color_background: '#edeae3',
        color_text: 'red; background:url(x)',
        font_family_body: 'Georgia, serif',
        unknown: 'x',
      }),
    ).toEqual([
      ['--smart-color-background', '#edeae3'],
      ['--smart-font-family-body', 'Georgia, serif'],
    ]);
  });

  it('applies the style as custom properties and ignores failures', async () => {
    const target = { style: { setProperty: vi.fn() } } as unknown as HTMLElement;
    const fetchOk = vi.fn(async () => new Response(JSON.stringify({ color_highlight: '#123456' })));
    await applySmartStyle('https://ehr.org/style.json', target, fetchOk as unknown as typeof fetch);
    expect(target.style.setProperty).toHaveBeenCalledWith('--smart-color-highlight', '#123456');
    const fetchFail = vi.fn(async () => {
      throw new Error('offline');
    });
    await expect(
      applySmartStyle('https://ehr.org/style.json', target, fetchFail as unknown as typeof fetch),
    ).resolves.toBeUndefined();
  });
});

describe('diagnostics and dates', () => {
  it('masks patient ids in request URLs', () => {
    expect(maskPatient('Observation?patient=123&code=http://loinc.org|1742-6')).toBe(
      'Observation?patient=[patient]&code=http://loinc.org|1742-6',
    );
    expect(maskPatient('https://x.org/fhir/Patient/abc?x=1')).toBe(
      'https://x.org/fhir/Patient/[patient]?x=1',
    );
    expect(maskPatient('Condition?subject=Patient/9')).toBe('Condition?subject=[patient]');
  });

  it('uses the local calendar day as the as-of date', () => {
    expect(localToday(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });
});
