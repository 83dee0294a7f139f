import { describe, expect, it } from 'vitest';
import type { ReferenceRange } from '../../../src/core/types.js';
import { mapPatientResources } from '../../../src/fhir/map.js';
import { sharedRanges, sharedText } from '../../../src/fhir/map/shared-values.js';
import { PATIENT, UCUM, observation } from './resources.js';

const range = (high: number, text?: string): ReferenceRange => ({
  low: { value: 0, unit: 'U/L' },
  high: { value: high, unit: 'U/L' },
  type: 'normal',
  ...(text === undefined ? {} : { text }),
});

describe('values shared by mapped records', () => {
  it('gives the first copy of an equal string', () => {
    const first = ['2024-03-01', 'T08:00:00Z'].join('');
    const again = ['2024-03-01T08', ':00:00Z'].join('');
    expect(sharedText(first)).toBe(first);
    expect(sharedText(again)).toBe(first);
  });

  it('shares equal reference ranges, frozen, and keeps different ones apart', () => {
    const a = sharedRanges([range(40)]);
    const b = sharedRanges([range(40)]);
    expect(b).toBe(a);
    expect(b).toEqual([range(40)]);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a[0])).toBe(true);
    expect(Object.isFrozen(a[0]?.high)).toBe(true);
    expect(sharedRanges([range(41)])).not.toBe(a);
    expect(sharedRanges([range(40, 'adults')])).not.toBe(a);
    expect(sharedRanges([range(40), range(40)])).not.toBe(a);
    expect(sharedRanges([{ ...range(40), type: 'normal', text: '' }])).not.toBe(a);
  });

  it('keeps ranges for a sex or an age as they are, unshared', () => {
    const forWomen = [{ ...range(35), appliesTo: ['female'] }];
    expect(sharedRanges(forWomen)).toBe(forWomen);
    const forAdults = [{ ...range(35), ageYears: { low: 18 } }];
    expect(sharedRanges(forAdults)).toBe(forAdults);
  });

  it('maps two results with the same range to one shared range, the same content as before', () => {
    const referenceRange = [
      { low: { value: 0, system: UCUM, code: 'U/L' }, high: { value: 40, system: UCUM, code: 'U/L' } },
    ];
    const record = mapPatientResources(
      [
        observation({ id: 'alt-1', referenceRange }),
        observation({ id: 'alt-2', effectiveDateTime: '2024-04-01T08:00:00Z', referenceRange }),
      ],
      { patientId: PATIENT },
    );
    const [first, second] = record.labs;
    expect(first?.referenceRanges).toEqual([
      { low: { value: 0, unit: 'U/L' }, high: { value: 40, unit: 'U/L' } },
    ]);
    expect(second?.referenceRanges).toBe(first?.referenceRanges);
    expect(second?.ref).toBe('Observation/alt-2');
  });
});
