import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../../../src/cds-hooks/prefetch-cache.js';
import { markUnchanging, readBundlePage } from '../../../../src/fhir/load/bundle-page.js';

function searchset(values: number[], next?: string): Record<string, unknown> {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    ...(next ? { link: [{ relation: 'next', url: next }] } : {}),
    entry: [
      ...values.map((value, i) => ({ resource: { resourceType: 'Observation', id: `alt-${i}`, value } })),
      {
        search: { mode: 'outcome' },
        resource: {
          resourceType: 'OperationOutcome',
          issue: [{ severity: 'information', code: 'informational' }],
        },
      },
    ],
  };
}

describe('the page of a search answer', () => {
  it('is read once for an answer marked as never changing, and shared frozen', () => {
    const body = deepFreeze(searchset([1, 2], 'https://fhir.example.org/r4/Observation?page=2'));
    markUnchanging(body);
    const first = readBundlePage(body);
    expect(first?.resources).toHaveLength(2);
    expect(first?.next).toBe('https://fhir.example.org/r4/Observation?page=2');
    expect(readBundlePage(body)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first?.resources)).toBe(true);
    expect(Object.isFrozen(first?.notes)).toBe(true);
  });

  it('is read again for any other answer, so a changed one is never read from memory', () => {
    const body = searchset([1]);
    const first = readBundlePage(body);
    (body.entry as unknown[]).unshift({ resource: { resourceType: 'Observation', id: 'alt-9', value: 9 } });
    const again = readBundlePage(body);
    expect(again).not.toBe(first);
    expect(again?.resources).toHaveLength(2);
  });

  it('is no page for an answer that is no Bundle, marked or not', () => {
    const patient = deepFreeze({ resourceType: 'Patient', id: 'p-1' });
    markUnchanging(patient);
    expect(readBundlePage(patient)).toBeUndefined();
    expect(readBundlePage(patient)).toBeUndefined();
  });
});
