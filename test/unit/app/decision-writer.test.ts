import { describe, expect, it, vi } from 'vitest';
import { createDecisionWriter } from '../../../src/app/decision/decision-writer.js';
import type { AppSession } from '../../../src/app/session.js';
import { capabilityStatement } from '../../fixtures/app/aih-patient.js';
import { insufficientResponse } from '../../fixtures/app/assessment.js';

const NOW = () => new Date('2025-08-15T09:00:00Z');

function session(
  metadata: () => Promise<unknown>,
  grantedScopes: string,
  fhirUser: string | undefined = 'Practitioner/dr-1',
): AppSession & { post: ReturnType<typeof vi.fn> } {
  const post = vi.fn(async (_url: string, resource: object) => ({
    status: 201,
    body: { ...resource, id: 'new-1' },
  }));
  const request = vi.fn(async (url: string) =>
    url === 'metadata' ? metadata() : { resourceType: 'Bundle', type: 'searchset' },
  );
  return {
    patientId: 'pat-1',
    ehr: 'generic',
    grantedScopes,
    needPatientBanner: false,
    ...(fhirUser ? { fhirUser } : {}),
    fhir: { request, post },
    post,
  };
}

describe('decision writer', () => {
  it('previews each suggestion from the CapabilityStatement and granted scopes', async () => {
    const notes = session(
      async () => capabilityStatement(['DocumentReference']),
      'launch patient/DocumentReference.c',
    );
    const options = await createDecisionWriter(notes, insufficientResponse(), NOW).options();
    expect(options.previews['sugg-tac']?.mode).toBe('note');
    expect(options.overrideMode).toBe('note');
    const orders = session(
      async () => capabilityStatement(['MedicationRequest', 'DocumentReference']),
      'patient/MedicationRequest.c',
    );
    const drafts = await createDecisionWriter(orders, insufficientResponse(), NOW).options();
    expect(drafts.previews['sugg-tac']).toMatchObject({ mode: 'drafts', together: false });
    expect(drafts.previews['sugg-tac']?.drafts[0]).toMatch(
      /^Medication order: .*draft proposal, to be reviewed and signed in the EHR$/,
    );
    expect(drafts.overrideMode).toBe('copy-text');
  });

  it('is read-only for a patient user or an unnamed user, and never writes', async () => {
    for (const user of ['Patient/pat-1', '']) {
      const patient = session(
        async () => capabilityStatement(['MedicationRequest']),
        'patient/*.cruds',
        user,
      );
      const writer = createDecisionWriter(patient, insufficientResponse(), NOW);
      expect((await writer.options()).readOnly).toMatch(/read-only/);
      await expect(writer.write({ kind: 'accept', suggestionUuid: 'sugg-tac' })).rejects.toMatchObject({
        kind: 'read-only',
      });
      expect(patient.post).not.toHaveBeenCalled();
    }
  });

  it('falls back to text to copy when the CapabilityStatement cannot be read', async () => {
    const broken = session(
      async () => Promise.reject(Object.assign(new Error('500'), { status: 500 })),
      'patient/DocumentReference.c',
    );
    const writer = createDecisionWriter(broken, insufficientResponse(), NOW);
    expect((await writer.options()).previews['sugg-tac']?.mode).toBe('copy-text');
    const outcome = await writer.write({ kind: 'accept', suggestionUuid: 'sugg-tac' });
    expect(outcome.mode).toBe('copy-text');
    expect(outcome.text.length).toBeGreaterThan(20);
    expect(broken.post).not.toHaveBeenCalled();
  });

  it('reports an ended session instead of silently falling back', async () => {
    const expired = session(
      async () => Promise.reject(Object.assign(new Error('401 Unauthorized'), { status: 401 })),
      'x',
    );
    await expect(createDecisionWriter(expired, insufficientResponse(), NOW).options()).rejects.toMatchObject({
      status: 401,
    });
  });

  it('writes a decision once, even when asked twice at the same time, with the clock reading passed in', async () => {
    const notes = session(
      async () => capabilityStatement(['DocumentReference']),
      'patient/DocumentReference.c',
    );
    const writer = createDecisionWriter(notes, insufficientResponse(), NOW);
    const decision = { kind: 'override', reasonCode: 'clinical-judgement' } as const;
    const [first, second] = await Promise.all([writer.write(decision), writer.write(decision)]);
    expect(notes.post).toHaveBeenCalledTimes(1);
    expect(first).toEqual(second);
    expect(first.written[0]?.ref).toBe('DocumentReference/new-1');
    expect(notes.post.mock.calls[0]?.[1]).toMatchObject({
      date: '2025-08-15T09:00:00.000Z',
      author: [{ reference: 'Practitioner/dr-1' }],
      docStatus: 'preliminary',
    });
    // A new writer for the same session (a reloaded assessment) still remembers the write.
    await createDecisionWriter(notes, insufficientResponse(), NOW).write(decision);
    expect(notes.post).toHaveBeenCalledTimes(1);
  });
});
