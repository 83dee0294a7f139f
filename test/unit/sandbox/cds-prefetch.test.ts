/**
 * The demo EHR prefetches as a CDS client does: the service's templates run against its own FHIR
 * server, every page in one Bundle, `null` for a search that found nothing. Jonas (no medications)
 * and Hugo (no conditions) get their answer from the prefetch alone, with no FHIR server to read.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prefetchFor } from '../../../src/sandbox/cds/prefetch.js';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/server.js';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, appUrl: 'http://127.0.0.1:9/app', cds: { port: 0 } });
});
afterAll(() => sandbox.close());

function prefetchOf(patientId: string): Promise<Record<string, unknown> | undefined> {
  const accessToken = sandbox.context.sessions.issueAccess(
    { clientId: 'cds-hooks-service', scope: ['patient/*.read'], patientId },
    300,
  );
  return prefetchFor({
    serviceBase: sandbox.cdsUrl ?? '',
    serviceId: 'aih-navigator',
    fhirBase: sandbox.fhirBase,
    accessToken,
    patientId,
  });
}

/** patient-view with the prefetch only: no fhirServer, so nothing can be read besides it. */
async function callWithPrefetchOnly(patientId: string, prefetch: Record<string, unknown>) {
  const url = `${sandbox.cdsUrl ?? ''}/cds-services/aih-navigator`;
  const jwt = await sandbox.context.signer.signCdsClientJwt({ issuer: sandbox.origin, audience: url });
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      hook: 'patient-view',
      hookInstance: randomUUID(),
      context: { userId: 'Practitioner/demo', patientId },
      prefetch,
    }),
  });
  return { status: response.status, body: (await response.json()) as { cards?: { detail?: string }[] } };
}

describe('the demo EHR prefetch', () => {
  it('sends null for the searches that found nothing, and the patient itself', async () => {
    const prefetch = await prefetchOf('aih-jonas');
    expect(prefetch?.medications).toBeNull();
    expect(prefetch?.medicationStatements).toBeNull();
    expect(prefetch?.allergies).toBeNull();
    expect(prefetch?.patient).toMatchObject({ resourceType: 'Patient', id: 'aih-jonas' });
    expect(prefetch?.conditions).toMatchObject({ resourceType: 'Bundle', total: 1 });
  });

  it('sends every page of a search in one Bundle, and leaves out a template it cannot fill', async () => {
    const templates = {
      pagedLabs: 'Observation?patient={{context.patientId}}&category=laboratory&_count=5',
      perEncounter: 'Observation?patient={{context.patientId}}&encounter={{context.encounterId}}',
    };
    const discovery = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ services: [{ id: 'aih-navigator', prefetch: templates }] }));
    });
    await new Promise<void>((done) => discovery.listen(0, '127.0.0.1', done));
    try {
      const { port } = discovery.address() as AddressInfo;
      const token = sandbox.context.sessions.issueAccess(
        { clientId: 'cds-hooks-service', scope: ['patient/*.read'], patientId: 'aih-ada' },
        300,
      );
      const prefetch = await prefetchFor({
        serviceBase: `http://127.0.0.1:${port}`,
        serviceId: 'aih-navigator',
        fhirBase: sandbox.fhirBase,
        accessToken: token,
        patientId: 'aih-ada',
      });
      const labs = prefetch?.pagedLabs as { entry: unknown[]; link?: unknown };
      const adaLabs = sandbox.context.patients
        .find((p) => p.id === 'aih-ada')
        ?.resources.filter(
          (r) => r.resourceType === 'Observation' && JSON.stringify(r).includes('laboratory'),
        );
      expect(labs.entry).toHaveLength(adaLabs?.length ?? -1);
      expect(labs.entry.length).toBeGreaterThan(5);
      expect(labs.link).toBeUndefined();
      expect(prefetch).not.toHaveProperty('perEncounter');
    } finally {
      discovery.close();
    }
  });

  it('gives Jonas (no medications) his untreated card from the prefetch alone', async () => {
    const prefetch = await prefetchOf('aih-jonas');
    const answer = await callWithPrefetchOnly('aih-jonas', prefetch ?? {});
    expect(answer.status).toBe(200);
    expect(answer.body.cards).toHaveLength(1);
    expect(answer.body.cards?.[0]?.detail).toContain('rule `untreated`');
  });

  it('gives Hugo (no AIH, no conditions at all) no card, not a 412', async () => {
    const prefetch = await prefetchOf('aih-hugo');
    expect(prefetch?.conditions).toBeNull();
    const answer = await callWithPrefetchOnly('aih-hugo', prefetch ?? {});
    expect(answer).toEqual({ status: 200, body: { cards: [] } });
  });

  it('sends nothing when the service cannot be asked for its templates', async () => {
    const prefetch = await prefetchFor({
      serviceBase: 'http://127.0.0.1:9',
      serviceId: 'aih-navigator',
      fhirBase: sandbox.fhirBase,
      accessToken: 'unused',
      patientId: 'aih-jonas',
    });
    expect(prefetch).toBeUndefined();
  });
});
