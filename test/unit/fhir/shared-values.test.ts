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

  it('shares two lists of ranges exactly when every field of every range is equal', () => {
    // Fields that a key written as text could confuse: a missing field and an empty one, 4 and "4",
    // one range of two lists and two ranges, NaN (equal to itself here as in the output).
    const variants: ReferenceRange[][] = [
      [{ high: { value: 4 } }],
      [{ high: { value: 4, unit: '' } }],
      [{ high: { value: 4 }, text: '' }],
      [{ high: { value: 4 }, type: '' }],
      [{ low: { value: 4 } }],
      [{ high: { value: Number.NaN } }],
      [{ high: { value: 4 } }, { high: { value: 4 } }],
      [{ high: { value: 4 }, text: '4' }],
      [{ high: { value: 4, unit: '4' } }],
      [{ high: { value: 40, unit: 'U/L' } }],
      [{ high: { value: 4, unit: '0U/L' } }],
    ];
    const shared = variants.map((ranges) => sharedRanges(ranges));
    variants.forEach((ranges, index) => {
      expect(shared[index]).toEqual(ranges);
      const copy = ranges.map((r) => structuredClone(r));
      expect(sharedRanges(copy)).toBe(shared[index]);
    });
    expect(new Set(shared).size).toBe(variants.length);
  });

  it('shares -0 never, so that it is not read as 0', () => {
    const zero = sharedRanges([{ low: { value: 0 }, high: { value: 40 } }]);
    const negativeZero = [{ low: { value: -0 }, high: { value: 40 } }];
    expect(sharedRanges(negativeZero)).toBe(negativeZero);
    expect(Object.is(sharedRanges(negativeZero)[0]?.low?.value, -0)).toBe(true);
    expect(Object.is(zero[0]?.low?.value, 0)).toBe(true);
  });

  it('gives equal content again after many different ranges have emptied the table', () => {
    const first = sharedRanges([range(40)]);
    for (let high = 1000; high < 30_000; high += 1) sharedRanges([range(high, `${high}`)]);
    const again = sharedRanges([range(40)]);
    expect(again).toEqual(first);
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
