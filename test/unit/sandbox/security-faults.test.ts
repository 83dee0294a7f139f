/** The faults the browser tests use to play a hostile or non-PKCE EHR. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/server.js';
import { fhirGet, launchAndToken } from './smart-client.js';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, appUrl: 'http://127.0.0.1:9/app', today: '2026-06-15' });
});
afterEach(() => void sandbox.context.faults.reset());
afterAll(() => sandbox.close());

describe('security faults', () => {
  it('omitS256: the SMART configuration advertises no PKCE method', async () => {
    sandbox.context.faults.update({ omitS256: true });
    const config = (await (
      await fetch(`${sandbox.fhirBase}/.well-known/smart-configuration`)
    ).json()) as Record<string, unknown>;
    expect(config).not.toHaveProperty('code_challenge_methods_supported');
    expect(config.authorization_endpoint).toBe(`${sandbox.origin}/auth/authorize`);
  });

  it('hostileOrigin: next links and one absolute medicationReference point at the other origin', async () => {
    const token = await launchAndToken(sandbox.origin, sandbox.fhirBase, 'aih-ada');
    sandbox.context.faults.update({ hostileOrigin: 'http://127.0.0.1:9999/anything' });
    const labs = await fhirGet(
      sandbox.fhirBase,
      token.access_token,
      'Observation?patient=aih-ada&category=laboratory',
    );
    const next = (labs.body.link as { relation: string; url: string }[]).filter((l) => l.relation === 'next');
    expect(next).toEqual([{ relation: 'next', url: 'http://127.0.0.1:9999/fhir/Observation?_page=2' }]);
    const orders = await fhirGet(sandbox.fhirBase, token.access_token, 'MedicationRequest?patient=aih-ada');
    const references = (
      orders.body.entry as { resource: { medicationReference?: { reference: string } } }[]
    ).flatMap((e) => (e.resource.medicationReference ? [e.resource.medicationReference.reference] : []));
    expect(references).toEqual(['http://127.0.0.1:9999/fhir/Medication/hostile-drug']);
  });

  it('hostileOrigin takes http(s) origins only', () => {
    expect(() => sandbox.context.faults.update({ hostileOrigin: 'javascript:alert(1)' })).toThrow();
    expect(sandbox.context.faults.update({ hostileOrigin: 'https://x.example/p?q' }).hostileOrigin).toBe(
      'https://x.example',
    );
  });
});
