import { describe, expect, it } from 'vitest';
import { readPrefetch } from '../../../src/cds-hooks/prefetch.js';

const obs = (id: string, value: number): Record<string, unknown> => ({
  resourceType: 'Observation',
  id,
  status: 'final',
  code: { coding: [{ system: 'http://loinc.org', code: '1742-6' }] },
  valueQuantity: { value, unit: 'U/L' },
});
const labs = (): Record<string, unknown> => ({
  resourceType: 'Bundle',
  type: 'searchset',
  entry: [
    { resource: obs('a', 90) },
    { resource: obs('b', 95) },
    // An entry without an id is kept every time it is read, as before.
    { resource: { resourceType: 'Observation', status: 'final' } },
    {
      resource: {
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'warning', code: 'informational', diagnostics: 'Some results are hidden' }],
      },
      search: { mode: 'outcome' },
    },
  ],
});
const patient = { resourceType: 'Patient', id: 'p1' };

describe('a prefetch value sent under two keys', () => {
  it('reads the same whether the two keys hold one shared object or two equal ones', () => {
    const shared = labs();
    const once = readPrefetch({ patient, labs: shared, laboratory: shared }, 'p1');
    const twice = readPrefetch({ patient, labs: labs(), laboratory: labs() }, 'p1');
    expect(once).toEqual(twice);
    expect([...once.delivered].sort()).toEqual(['laboratory', 'labs', 'patient']);
    expect(once.resources.filter((r) => (r as { id?: string }).id === 'a')).toHaveLength(1);
    expect(once.notes.length).toBeGreaterThan(0);
  });

  it('reads two different objects each for itself: the first copy of an id is kept, as before', () => {
    const first = labs();
    const second = labs();
    (
      (second.entry as { resource: Record<string, unknown> }[])[0]!.resource.valueQuantity as {
        value: number;
      }
    ).value = 300;
    const reading = readPrefetch({ patient, labs: first, laboratory: second }, 'p1');
    expect(reading.resources.filter((r) => (r as { id?: string }).id === 'a')).toEqual([obs('a', 90)]);
  });
});
