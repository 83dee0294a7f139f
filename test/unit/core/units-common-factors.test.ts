import ucum from '@lhncbc/ucum-lhc';
import { describe, expect, it } from 'vitest';
import { COMMON_FACTORS } from '../../../src/core/units.js';

const entries = [...COMMON_FACTORS].flatMap(([to, froms]) =>
  [...froms].map(([from, factor]) => ({ from, to, factor })),
);

describe('conversions that need no UCUM library', () => {
  it('covers the units labs report most (µkat/L, mg/dL, pounds)', () => {
    expect(entries.map(({ from }) => from)).toEqual(expect.arrayContaining(['ukat/L', 'mg/dL', '[lb_av]']));
  });

  it.each(entries)('$from → $to is UCUM’s own factor, to the last bit', ({ from, to, factor }) => {
    const result = ucum.UcumLhcUtils.getInstance().convertUnitTo(from, 1, to);
    expect(result.status).toBe('succeeded');
    expect(Object.is(result.toVal, factor)).toBe(true);
  });
});
