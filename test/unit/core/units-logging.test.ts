import { afterEach, describe, expect, it, vi } from 'vitest';
import { toCanonical } from '../../../src/core/units.js';

// UCUM prints the unit string it could not read; a unit string comes from the record and can be anything.
describe('unit conversion never prints the unit it was given', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes nothing to the console for a unit that holds patient data', () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation(() => undefined),
    );
    expect(toCanonical('alt', 40, 'Jane Doe MRN 12345')).toBeUndefined();
    expect(toCanonical('igg', 12, 'mg/dL Jane Doe MRN 12346')).toBeUndefined();
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it('gives the console back as it was, and still converts', () => {
    const before = console.log;
    expect(toCanonical('igg', 1200, 'mg/dl')).toBe(12);
    expect(toCanonical('alt', 40, 'Pat Smith 1970-01-01')).toBeUndefined();
    expect(console.log).toBe(before);
  });
});
