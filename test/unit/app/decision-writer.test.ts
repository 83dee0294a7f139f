import { describe, expect, it, vi } from 'vitest';
import { createDecisionWriter } from '../../../src/app/decision/decision-writer.js';
import type { AppSession } from '../../../src/app/session.js';
import { capabilityStatement } from '../../fixtures/app/aih-patient.js';
import { insufficientResponse } from '../../fixtures/app/assessment.js';

function session(
  metadata: () => Promise<unknown>,
  grantedScopes: string,
): AppSession & { create: ReturnType<typeof vi.fn> } {
  const create = vi.fn(async (resource: object) => ({ ...resource, id: 'new-1' }));
  return {
    patientId: 'pat-1',
    ehr: 'generic',
    grantedScopes,
    needPatientBanner: false,
    fhir: { request: vi.fn(metadata), create },
    create,
  };
}

describe('decision writer', () => {
  it('chooses the mode from the CapabilityStatement and granted scopes', async () => {
    const notes = session(
      async () => capabilityStatement(['DocumentReference']),
      'launch patient/DocumentReference.c',
    );
    expect(await createDecisionWriter(notes, insufficientResponse()).mode()).toBe('document-reference');
    const orders = session(
      async () => capabilityStatement(['MedicationRequest', 'DocumentReference']),
      'patient/MedicationRequest.c',
    );
    expect(await createDecisionWriter(orders, insufficientResponse()).mode()).toBe('medication-request');
  });

  it('falls back to text to copy when the CapabilityStatement cannot be read', async () => {
    const broken = session(
      async () => Promise.reject(Object.assign(new Error('500'), { status: 500 })),
      'patient/DocumentReference.c',
    );
    const writer = createDecisionWriter(broken, insufficientResponse());
    expect(await writer.mode()).toBe('copy-text');
    const outcome = await writer.write({ kind: 'accept', suggestionUuid: 'sugg-tac' });
    expect(outcome.mode).toBe('copy-text');
    expect(outcome.text.length).toBeGreaterThan(20);
    expect(broken.create).not.toHaveBeenCalled();
  });

  it('reports an ended session instead of silently falling back', async () => {
    const expired = session(
      async () => Promise.reject(Object.assign(new Error('401 Unauthorized'), { status: 401 })),
      'x',
    );
    await expect(createDecisionWriter(expired, insufficientResponse()).mode()).rejects.toMatchObject({
      status: 401,
    });
  });

  it('writes a decision once, even when asked twice at the same time', async () => {
    const notes = session(
      async () => capabilityStatement(['DocumentReference']),
      'patient/DocumentReference.c',
    );
    const writer = createDecisionWriter(notes, insufficientResponse());
    const decision = { kind: 'override', reasonCode: 'clinical-judgement' } as const;
    const [first, second] = await Promise.all([writer.write(decision), writer.write(decision)]);
    expect(notes.create).toHaveBeenCalledTimes(1);
    expect(first).toEqual(second);
    expect(first.resourceRef).toBe('DocumentReference/new-1');
    // A new writer for the same session (a reloaded assessment) still remembers the write.
    await createDecisionWriter(notes, insufficientResponse()).write(decision);
    expect(notes.create).toHaveBeenCalledTimes(1);
  });
});
