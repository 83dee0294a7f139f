import { describe, expect, it } from 'vitest';
import { defaultDependencies } from '../../../src/cds-hooks/dependencies.js';
import { PrefetchCache } from '../../../src/cds-hooks/prefetch-cache.js';
import type { PatientViewSettings } from '../../../src/cds-hooks/patient-view.js';
import { readKnownHookBody } from '../../../src/cds-hooks/hook-body.js';
import {
  answerPatientViewBody,
  runPatientViewTask,
  serialise,
  type HookName,
  type PatientViewTask,
} from '../../../src/cds-hooks/patient-view-task.js';
import { startFhirServer } from './helpers.js';
import { AS_OF, hookRequest, insufficientResponder, prefetchFor } from './patients.js';

const PATIENT = 'p-insufficient';
const CALLER = { issuer: 'https://ehr.example.org', fhirServers: ['https://fhir.example.org/r4'] };
const settings: PatientViewSettings = {
  dependencies: defaultDependencies,
  today: () => AS_OF,
  appLaunchUrl: 'https://app.example.org/launch',
};
type Resource = Record<string, unknown>;

/** The chart with the latest ALT set to `alt` (one Observation differs). */
function chart(alt = 100): Resource[] {
  return insufficientResponder(PATIENT).map((r) =>
    r.id === 'alt-3' ? { ...r, valueQuantity: { ...(r.valueQuantity as Resource), value: alt } } : r,
  );
}

function body(hook: HookName, prefetch: Record<string, unknown>, patientId = PATIENT): Uint8Array {
  const request = hookRequest(patientId, { prefetch });
  if (hook !== 'patient-view') {
    const allopurinol = {
      resourceType: 'MedicationRequest',
      id: 'd-allo',
      status: 'draft',
      intent: 'order',
      subject: { reference: `Patient/${patientId}` },
      medicationCodeableConcept: {
        coding: [
          { system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '519', display: 'allopurinol' },
        ],
      },
    };
    request.hook = hook;
    request.context = {
      ...(request.context as Resource),
      draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: allopurinol }] },
      ...(hook === 'order-select' ? { selections: ['MedicationRequest/d-allo'] } : {}),
    };
  }
  return new TextEncoder().encode(JSON.stringify(request));
}

const answer = async (call: Uint8Array, hook: HookName, cache?: PrefetchCache): Promise<string> => {
  const { status, json } = serialise(await answerPatientViewBody(call, settings, CALLER, hook, cache));
  return `${status} ${json}`;
};

describe('CDS Hooks prefetch cache', () => {
  it('answers repeated calls byte for byte as the service without a cache does', async () => {
    for (const hook of ['patient-view', 'order-select', 'order-sign'] as const) {
      const cache = new PrefetchCache();
      const calls = [body(hook, prefetchFor(chart())), body(hook, prefetchFor(chart()))];
      const cached = [await answer(calls[0]!, hook, cache), await answer(calls[1]!, hook, cache)];
      const uncached = [await answer(calls[0]!, hook), await answer(calls[1]!, hook)];
      expect(cache.size).toBe(1);
      expect(cached).toEqual(uncached);
      expect(`${hook} ${cached[0] ?? ''}`).toMatch(new RegExp(`^${hook} 200 {"cards":\\[{`));
    }
  });

  it('shares one record between the hooks of one chart, each answering as uncached', async () => {
    const cache = new PrefetchCache();
    const prefetch = prefetchFor(chart());
    for (const hook of ['order-select', 'order-sign', 'patient-view', 'order-sign'] as const) {
      const call = body(hook, prefetch);
      expect(await answer(call, hook, cache)).toBe(await answer(call, hook));
    }
    expect(cache.size).toBe(1);
  });

  it('gives the other answer when one Observation differs, even after the first was cached', async () => {
    const cache = new PrefetchCache();
    const first = await answer(body('patient-view', prefetchFor(chart(100))), 'patient-view', cache);
    const changedCall = body('patient-view', prefetchFor(chart(30)));
    const changed = await answer(changedCall, 'patient-view', cache);
    expect(changed).not.toBe(first);
    expect(changed).toBe(await answer(changedCall, 'patient-view'));
    expect(cache.size).toBe(2);
  });

  it('assesses a cached record again on another as-of date, as without a cache', async () => {
    const later = { ...settings, today: () => '2027-01-15' };
    for (const hook of ['patient-view', 'order-sign'] as const) {
      const cache = new PrefetchCache();
      const call = body(hook, prefetchFor(chart()));
      const run = async (on: PatientViewSettings, withCache?: PrefetchCache) => {
        const { status, json } = serialise(await answerPatientViewBody(call, on, CALLER, hook, withCache));
        return `${status} ${json}`;
      };
      const today = await run(settings, cache);
      const afterwards = await run(later, cache);
      expect(cache.size).toBe(1);
      expect(afterwards).toBe(await run(later));
      expect(afterwards).not.toBe(today);
      expect(await run(settings, cache)).toBe(today);
    }
  });

  it('still refuses a call naming another patient than the cached prefetch is for', async () => {
    const cache = new PrefetchCache();
    const prefetch = prefetchFor(chart());
    await answer(body('order-sign', prefetch), 'order-sign', cache);
    const other = body('order-sign', prefetch, 'p-other');
    const refused = await answer(other, 'order-sign', cache);
    expect(refused).toMatch(/^400 .*patient-mismatch/);
    expect(refused).toBe(await answer(other, 'order-sign'));
  });

  it('keeps nothing that was not read from the prefetch alone', async () => {
    const cache = new PrefetchCache();
    // No Condition part: without a FHIR server it becomes a gap for the order hook, and is not kept.
    const partial = prefetchFor(chart());
    delete partial.conditions;
    await answer(body('order-sign', partial), 'order-sign', cache);
    expect(cache.size).toBe(0);
  });

  it('reuses a prefetch without its optional parts for calls naming no FHIR server, and reads them for one that does', async () => {
    const procedure = {
      resourceType: 'Procedure',
      id: 'liver-transplant',
      status: 'completed',
      subject: { reference: `Patient/${PATIENT}` },
      code: { coding: [{ system: 'http://snomed.info/sct', code: '18027006' }] },
    };
    const fhir = await startFhirServer([...chart(), procedure]);
    try {
      const trusted = { ...CALLER, fhirServers: [fhir.base] };
      const local = { ...settings, allowPlainHttpFhir: true };
      const run = async (call: Uint8Array, cache?: PrefetchCache) => {
        const { status, json } = serialise(
          await answerPatientViewBody(call, local, trusted, 'patient-view', cache),
        );
        return `${status} ${json}`;
      };
      const cache = new PrefetchCache();
      const partial = prefetchFor(chart());
      delete partial.procedures;
      const noServer = body('patient-view', partial);
      const first = await run(noServer, cache);
      expect(cache.size).toBe(1);
      expect(await run(noServer, cache)).toBe(first);
      expect(first).toBe(await run(noServer));
      const request = JSON.parse(new TextDecoder().decode(noServer)) as Resource;
      const withServer = new TextEncoder().encode(
        JSON.stringify({
          ...request,
          fhirServer: fhir.base,
          fhirAuthorization: { access_token: 'token', token_type: 'Bearer' },
        }),
      );
      const read = await run(withServer, cache);
      expect(read).toBe(await run(withServer));
      // The transplant read from the server changes the answer: the cached gap was not used.
      expect(read).not.toBe(first);
      expect(fhir.requests.some((r) => r.path.includes('Procedure'))).toBe(true);
    } finally {
      await fhir.close();
    }
  });

  it('answers and keeps in a worker task as before when the task brings the scan of its body', async () => {
    const shared = prefetchFor(chart());
    const calls: [HookName, Uint8Array][] = [
      ['patient-view', body('patient-view', shared)],
      ['order-sign', body('order-sign', shared)],
      // Both Observation searches hold the same text: the second is read as a reference to the first.
      ['order-select', body('order-select', { ...shared, labsByCategory: shared.labsByCode })],
      // Non-ASCII text: the scan's offsets index characters, not bytes.
      ['patient-view', body('patient-view', { ...shared, note: 'Gülçin – «suivi»' })],
      ['patient-view', body('patient-view', {})],
      ['patient-view', new TextEncoder().encode('{"hook":"patient-view","prefetch":{"a":1},')],
    ];
    const kept: boolean[] = [];
    for (const [hook, call] of calls) {
      const task = (scan: boolean): PatientViewTask => {
        const found = readKnownHookBody(call, CALLER, new PrefetchCache());
        if (!('scanned' in found)) throw new Error('a new cache holds nothing');
        return {
          body: call.slice(),
          hook,
          asOf: AS_OF,
          appLaunchUrl: 'https://app.example.org/launch',
          allowPlainHttpFhir: false,
          issuer: CALLER.issuer,
          trustedFhirServers: CALLER.fhirServers,
          ...(scan ? { scanned: found.scanned } : {}),
        };
      };
      const scanned = await runPatientViewTask(task(true));
      const unscanned = await runPatientViewTask(task(false));
      expect(scanned).toEqual(unscanned);
      kept.push(scanned.kept !== undefined);
      expect(scanned.answer.json).toBe(await answer(call, hook).then((a) => a.slice(4)));
    }
    // The complete prefetches are handed back to keep; the empty one and the broken body are not.
    expect(kept).toEqual([true, true, true, true, false, false]);
  });
});
