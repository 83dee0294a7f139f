/** The order checks read the assessment without its card: the same assessment, only the card left out. */
import { describe, expect, it } from 'vitest';
import { assessWithoutCard, assessWithValues } from '../../../src/core/assess.js';
import { allergy, cond, firstLine, lab, panel, patient } from './builders.js';

const AS_OF = '2025-09-01';

describe('the assessment without its card', () => {
  it.each([
    [
      'insufficient response',
      patient({ labs: [...panel('2025-03-01', 1.8, 1.2, 1.3)], meds: firstLine('2025-01-01') }),
    ],
    ['too early', patient({ labs: [lab('alt', '2025-06-01', 100)], meds: firstLine('2025-06-01') })],
    ['no AIH diagnosis', patient({ conditions: [], labs: [lab('alt', '2025-08-01', 80)] })],
    [
      'intolerances and cirrhosis',
      patient({
        labs: [...panel('2025-08-01', 0.6, 0.7, 0.8)],
        meds: firstLine('2025-01-01'),
        conditions: [cond('aih'), cond('cirrhosis')],
        intolerances: [allergy('azathioprine')],
      }),
    ],
  ])('is the whole assessment less its card (%s)', (_name, record) => {
    const whole = assessWithValues(record, { asOf: AS_OF });
    const partial = assessWithoutCard(record, { asOf: AS_OF });
    const { card, ...rest } = whole.assessment;
    expect(card).toBeDefined();
    expect(partial.assessment).not.toHaveProperty('card');
    expect(partial.assessment).toEqual(rest);
    expect(partial.values).toEqual(whole.values);
  });
});
