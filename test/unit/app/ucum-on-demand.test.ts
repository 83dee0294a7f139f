/**
 * The browser's UCUM on demand: the core runs against the stand-in the app bundle uses (vite.config.ts
 * aliases the package to it), and every value it gives must be the one the core gives with UCUM loaded
 * from the start, as on the server and in the CLI.
 */
import { describe, expect, it, vi } from 'vitest';
import { assessLoadingUcum } from '../../../src/app/assess-loading-ucum.js';
import ucumStandIn, { isUcumLoaded, UcumNotLoadedError } from '../../../src/app/ucum-on-demand.js';
import type { LabResult, NormalisedValue, PatientRecord } from '../../../src/core/types.js';
import { lab, patient, withRanges } from '../core/builders.js';

vi.mock('@lhncbc/ucum-lhc', () => import('../../../src/app/ucum-on-demand.js'));

const D = '2024-03-01';

/** The core as the server and the CLI run it: its own module graph, with the real UCUM package. */
async function eagerAssessment(record: PatientRecord) {
  vi.doUnmock('@lhncbc/ucum-lhc');
  vi.resetModules();
  const { assessWithValues } = await import('../../../src/core/assess.js');
  return assessWithValues(record, { asOf: D });
}

const comparable = (values: NormalisedValue[]) =>
  values.map(({ ref, value, unit, uln, ulnSource, xUln, usable }) => ({
    ref,
    value,
    unit,
    uln,
    ulnSource,
    xUln,
    usable,
  }));

/**
 * Units the canonical unit, the core's spellings and its common factors cover (µkat/L, mg/dL, a range in
 * another unit than its result): no conversion through the library.
 */
const commonLabs = (): LabResult[] => [
  lab('alt', D, 120, { unit: 'IU/L' }),
  lab('ast', D, 2.4, { unit: 'ukat/L', high: 0.6 }),
  lab('alt', '2024-02-01', 1.5, { unit: 'µkat/L', high: null }),
  lab('igg', D, 1800, { unit: 'mg/dL', high: null }),
  withRanges(lab('igg', '2024-02-01', 19, { unit: 'g/L' }), [{ high: { value: 1600, unit: 'mg/dL' } }]),
];

/** Units only UCUM converts (mg/mL, thousands per µL), next to common ones and one it cannot read. */
const convertingLabs = (): LabResult[] => [
  ...commonLabs(),
  lab('igg', '2024-01-01', 18, { unit: 'mg/mL', high: null }),
  lab('wbc', D, 5.2, { unit: 'x10^3/uL', high: null }),
  lab('alt', '2024-01-15', 40, { unit: 'Jane Doe 1970' }),
];

describe('UCUM on demand in the browser', () => {
  it('refuses to convert before the library is loaded, with an error of its own', () => {
    expect(isUcumLoaded()).toBe(false);
    expect(() => ucumStandIn.UcumLhcUtils.getInstance()).toThrow(UcumNotLoadedError);
  });

  it('does not load UCUM for a record with common units only, and gives the same values', async () => {
    const record = patient({ labs: commonLabs() });
    const lazy = await assessLoadingUcum(record, D);
    expect(isUcumLoaded()).toBe(false);
    const eager = await eagerAssessment(record);
    expect(comparable(lazy.values)).toEqual(comparable(eager.values));
    expect(lazy.assessment).toEqual(eager.assessment);
  });

  it('loads UCUM when a unit needs it and gives the same values and ×ULN as UCUM loaded up front', async () => {
    const record = patient({ labs: convertingLabs() });
    const lazy = await assessLoadingUcum(record, D);
    expect(isUcumLoaded()).toBe(true);
    const eager = await eagerAssessment(record);
    expect(comparable(lazy.values)).toEqual(comparable(eager.values));
    expect(lazy.assessment).toEqual(eager.assessment);
    // The conversions really happened, and the unknown unit stayed unusable.
    const converted = lazy.values.filter((value) => value.usable && value.rawUnit !== value.unit);
    expect(converted.map((value) => value.rawUnit).sort()).toEqual(
      ['IU/L', 'mg/dL', 'mg/mL', 'ukat/L', 'x10^3/uL', 'µkat/L'].sort(),
    );
    expect(lazy.values.find((value) => value.rawUnit === 'Jane Doe 1970')?.usable).toBe(false);
  });
});
