import { describe, expect, it } from 'vitest';
import { applyActions, newDraft, parseDraftList } from '../../../src/sandbox/orders/draft-list.js';

describe('demo order entry draft list', () => {
  it('applies an accepted suggestion: the named draft deleted, the created order added as a draft', () => {
    const allopurinol = newDraft('p1', 'allopurinol', '100 mg daily');
    const azathioprine = newDraft('p1', 'azathioprine', '150 mg daily');
    const next = applyActions(
      [allopurinol, azathioprine],
      [
        { type: 'delete', description: 'remove', resourceId: `MedicationRequest/${azathioprine.id}` },
        {
          type: 'create',
          description: 'reduced',
          resource: {
            resourceType: 'MedicationRequest',
            status: 'draft',
            dosageInstruction: [{ text: '25 mg' }],
          },
        },
      ],
      'p1',
    );
    expect(next.map((d) => d.id)).toEqual([allopurinol.id, expect.stringMatching(/^draft-/)]);
    expect(next[1]).toMatchObject({ status: 'draft', subject: { reference: 'Patient/p1' } });
  });

  it('reads back only a list of draft MedicationRequests; anything else is an empty list', () => {
    const draft = newDraft('p1', 'mycophenolate', '1 g twice daily');
    expect(parseDraftList(JSON.stringify([draft]))).toEqual([draft]);
    expect(parseDraftList(JSON.stringify([{ ...draft, status: 'active' }]))).toEqual([]);
    expect(parseDraftList('{not json')).toEqual([]);
    expect(parseDraftList(null)).toEqual([]);
  });
});
