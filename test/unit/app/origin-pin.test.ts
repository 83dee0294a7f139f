import { describe, expect, it, vi } from 'vitest';
import type Client from 'fhirclient/lib/Client';
import { sessionFromClient } from '../../../src/app/smart-session.js';
import { foreignOriginOf, ForeignOriginError, pinnedToOrigin } from '../../../src/fhir/load/origin-pin.js';

const BASE = 'https://fhir.epic.com/interconnect-fhir-oauth/api/FHIR/R4';

describe('foreignOriginOf', () => {
  it.each([
    'Observation?patient=p',
    'Patient/p',
    '/interconnect-fhir-oauth/api/FHIR/R4/Observation',
    'https://fhir.epic.com/other/path/_page?n=2',
    'HTTPS://FHIR.EPIC.COM/interconnect-fhir-oauth/api/FHIR/R4/Medication/m',
    'https://fhir.epic.com:443/x',
  ])('keeps %s on the EHR', (url) => {
    expect(foreignOriginOf(url, BASE)).toBeUndefined();
  });

  it.each([
    ['https://attacker.example/fhir/Observation', 'https://attacker.example'],
    ['//attacker.example/x', 'https://attacker.example'],
    ['https:attacker.example/x', 'https://attacker.example'],
    ['  https://attacker.example/x', 'https://attacker.example'],
    ['http://fhir.epic.com/x', 'http://fhir.epic.com'],
    ['https://fhir.epic.com:8443/x', 'https://fhir.epic.com:8443'],
    ['https://fhir.epic.com.attacker.example/x', 'https://fhir.epic.com.attacker.example'],
    ['https://user@attacker.example/x', 'https://attacker.example'],
    ['data:application/json,{}', 'data: address'],
    ['http://[bad', 'an unreadable address'],
  ])('names %s as another origin', (url, origin) => {
    expect(foreignOriginOf(url, BASE)).toBe(origin);
  });
});

describe('pinnedToOrigin', () => {
  it('never calls the underlying requester for another origin', async () => {
    const request = vi.fn(async () => ({ resourceType: 'Bundle' }));
    const pinned = pinnedToOrigin(BASE, request);
    await expect(pinned('https://attacker.example/steal')).rejects.toBeInstanceOf(ForeignOriginError);
    expect(request).not.toHaveBeenCalled();
    await expect(pinned('Observation?patient=p')).resolves.toEqual({ resourceType: 'Bundle' });
    expect(request).toHaveBeenCalledTimes(1);
  });
});

describe('the app session on fhirclient', () => {
  it('refuses a URL on another origin before fhirclient can add the token, and tells the loader the base', async () => {
    const request = vi.fn(async () => ({}));
    const client = {
      patient: { id: 'p1' },
      state: { serverUrl: BASE, tokenResponse: { scope: 'launch' } },
      request,
      create: vi.fn(),
    } as unknown as Client;
    const session = sessionFromClient(client);
    expect(session.fhirBaseUrl).toBe(BASE);
    await expect(session.fhir.request('https://attacker.example/fhir/Medication/1')).rejects.toMatchObject({
      name: 'ForeignOriginError',
    });
    expect(request).not.toHaveBeenCalled();
    await session.fhir.request('Condition?patient=p1');
    expect(request).toHaveBeenCalledWith({ url: 'Condition?patient=p1' });
  });
});
