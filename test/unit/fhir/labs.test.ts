import { describe, expect, it } from 'vitest';
import { mapPatientResources } from '../../../src/fhir/map.js';
import { parseValueString } from '../../../src/fhir/map/quantity.js';
import { LOINC, PATIENT, SNOMED, UCUM, observation } from './resources.js';

function mapOne(resource: unknown, siteCodes = {}) {
  return mapPatientResources([resource], { patientId: PATIENT, siteCodes });
}

describe('Observation → LabResult', () => {
  it('maps a LOINC ALT with UCUM quantity, status and date', () => {
    const record = mapOne(observation());
    expect(record.labs).toEqual([
      {
        ref: 'Observation/alt-1',
        analyte: 'alt',
        effective: '2024-03-01T08:00:00Z',
        value: 84,
        unit: 'U/L',
        referenceRanges: [],
        status: 'final',
        matchedBy: 'loinc',
      },
    ]);
    expect(record.dataQuality).toEqual([]);
  });

  it('prefers the UCUM code to the printed unit, and uses the unit text when not UCUM', () => {
    const ucum = mapOne(
      observation({ valueQuantity: { value: 1.2, unit: 'µkat/L', system: UCUM, code: 'ukat/L' } }),
    );
    expect(ucum.labs[0]?.unit).toBe('ukat/L');
    const local = mapOne(
      observation({ valueQuantity: { value: 1450, unit: 'mg/dL', system: 'urn:local', code: 'MGDL' } }),
    );
    expect(local.labs[0]?.unit).toBe('mg/dL');
  });

  it('keeps the comparator of a quantity', () => {
    const record = mapOne(observation({ valueQuantity: { value: 5, comparator: '<', unit: 'U/L' } }));
    expect(record.labs[0]).toMatchObject({ value: 5, comparator: '<', unit: 'U/L' });
  });

  it.each([
    ['<5', { value: 5, comparator: '<' }],
    ['<= 40', { value: 40, comparator: '<=' }],
    ['≥ 7.5', { value: 7.5, comparator: '>=' }],
    ['45', { value: 45 }],
    [' 45 U/L ', { value: 45, unit: 'U/L' }],
    ['>1000', { value: 1000, comparator: '>' }],
    ['0.8', { value: 0.8 }],
  ])('parses valueString %j', (text, expected) => {
    expect(parseValueString(text)).toEqual(expected);
    const record = mapOne(observation({ valueQuantity: undefined, valueString: text }));
    expect(record.labs[0]).toMatchObject(expected);
  });

  it.each(['negative', '1,200', '5-10', '', 'see comment', '<'])('does not read %j as a number', (text) => {
    expect(parseValueString(text)).toBeUndefined();
    const record = mapOne(observation({ valueQuantity: undefined, valueString: text }));
    expect(record.labs).toEqual([]);
    expect(record.dataQuality).toEqual([
      expect.objectContaining({ code: 'no-numeric-value', resource: 'Observation/alt-1' }),
    ]);
  });

  it('notes a result with dataAbsentReason, naming the reason', () => {
    const record = mapOne(
      observation({
        valueQuantity: undefined,
        dataAbsentReason: { coding: [{ code: 'error', display: 'Error' }] },
      }),
    );
    expect(record.labs).toEqual([]);
    expect(record.dataQuality[0]).toMatchObject({ code: 'no-numeric-value', resource: 'Observation/alt-1' });
    expect(record.dataQuality[0]?.message).toContain('Error');
  });

  it('keeps final, amended, corrected and preliminary results with their status', () => {
    for (const status of ['final', 'amended', 'corrected', 'preliminary']) {
      expect(mapOne(observation({ status })).labs[0]?.status).toBe(status);
    }
  });

  it.each(['entered-in-error', 'cancelled', 'registered', 'unknown'])(
    'excludes status %s with a note',
    (status) => {
      const record = mapOne(observation({ status }));
      expect(record.labs).toEqual([]);
      expect(record.dataQuality).toEqual([
        expect.objectContaining({ code: 'excluded-status', resource: 'Observation/alt-1' }),
      ]);
      expect(record.dataQuality[0]?.message).toContain(status);
    },
  );

  it('takes effectivePeriod.start, then issued with a note, else notes no-effective-date', () => {
    const period = mapOne(
      observation({ effectiveDateTime: undefined, effectivePeriod: { start: '2024-02-02' } }),
    );
    expect(period.labs[0]?.effective).toBe('2024-02-02');
    const issued = mapOne(observation({ effectiveDateTime: undefined, issued: '2024-02-05T10:00:00Z' }));
    expect(issued.labs[0]?.effective).toBe('2024-02-05T10:00:00Z');
    expect(issued.dataQuality.map((n) => n.code)).toEqual(['effective-from-issued']);
    const none = mapOne(observation({ effectiveDateTime: undefined }));
    expect(none.labs).toEqual([]);
    expect(none.dataQuality.map((n) => n.code)).toEqual(['no-effective-date']);
  });

  it('does not guess a day from a partial date', () => {
    const record = mapOne(observation({ effectiveDateTime: '2024-03' }));
    expect(record.labs).toEqual([]);
    expect(record.dataQuality.map((n) => n.code)).toEqual(['imprecise-date', 'no-effective-date']);
  });

  it('maps reference ranges: bounds, type, appliesTo, age in years, text', () => {
    const record = mapOne(
      observation({
        referenceRange: [
          {
            low: { value: 10, unit: 'U/L', system: UCUM, code: 'U/L' },
            high: { value: 40, unit: 'U/L', system: UCUM, code: 'U/L' },
            type: { coding: [{ code: 'normal' }] },
            appliesTo: [{ coding: [{ system: SNOMED, code: '248152002', display: 'Female' }] }],
            age: {
              low: { value: 18, unit: 'a', system: UCUM, code: 'a' },
              high: { value: 780, code: 'mo', system: UCUM },
            },
          },
          { text: '10-40 U/L', appliesTo: [{ text: 'Male' }] },
        ],
      }),
    );
    expect(record.labs[0]?.referenceRanges).toEqual([
      {
        low: { value: 10, unit: 'U/L' },
        high: { value: 40, unit: 'U/L' },
        type: 'normal',
        appliesTo: ['female'],
        ageYears: { low: 18, high: 65 },
      },
      { text: '10-40 U/L', appliesTo: ['male'] },
    ]);
  });

  it('recognises IgG, AST, weight by LOINC, and a site-mapped local code', () => {
    const igg = mapOne(observation({ code: { coding: [{ system: LOINC, code: '2465-3' }] } }));
    expect(igg.labs[0]).toMatchObject({ analyte: 'igg', matchedBy: 'loinc' });
    const local = mapOne(observation({ code: { coding: [{ system: 'urn:lab', code: 'SGPT' }] } }), {
      'urn:lab|SGPT': 'alt',
    });
    expect(local.labs[0]).toMatchObject({ analyte: 'alt', matchedBy: 'site' });
  });

  it('recognises thiopurine metabolites by display text', () => {
    const record = mapOne(
      observation({
        code: { text: '6-thioguanine nucleotides' },
        valueQuantity: { value: 310, unit: 'pmol/8x10^8 RBC' },
      }),
    );
    expect(record.labs[0]).toMatchObject({ analyte: 'tgn6', matchedBy: 'text', value: 310 });
  });

  it('ignores other laboratory tests silently, even malformed ones', () => {
    const sodium = observation({ code: { coding: [{ system: LOINC, code: '2951-2' }] } });
    const brokenSodium = { ...sodium, effectiveDateTime: 'yesterday' };
    const record = mapPatientResources([sodium, brokenSodium], { patientId: PATIENT });
    expect(record.labs).toEqual([]);
    expect(record.dataQuality).toEqual([]);
  });

  it('notes a malformed ALT with the zod path that failed', () => {
    const record = mapOne(observation({ effectiveDateTime: '01/03/2024' }));
    expect(record.labs).toEqual([]);
    expect(record.dataQuality).toHaveLength(1);
    expect(record.dataQuality[0]).toMatchObject({ code: 'invalid-resource', resource: 'Observation/alt-1' });
    expect(record.dataQuality[0]?.message).toContain('effectiveDateTime');
  });

  it('notes an Observation whose code cannot be read', () => {
    const record = mapOne({ resourceType: 'Observation', id: 'x', status: 'final', code: 'ALT' });
    expect(record.dataQuality[0]).toMatchObject({ code: 'invalid-resource', resource: 'Observation/x' });
  });
});

describe('Observation → PregnancyStatus', () => {
  const pregnancy = (code: string, system = SNOMED) =>
    observation({
      id: 'preg-1',
      code: { coding: [{ system: LOINC, code: '82810-3' }] },
      valueQuantity: undefined,
      valueCodeableConcept: { coding: [{ system, code }] },
      effectiveDateTime: '2024-04-01',
    });

  it('is pregnant with SNOMED 77386006', () => {
    const record = mapOne(pregnancy('77386006'));
    expect(record.pregnancyStatus).toEqual([
      { ref: 'Observation/preg-1', effective: '2024-04-01', pregnant: true },
    ]);
    expect(record.labs).toEqual([]);
  });

  it('is pregnant with the LOINC answer LA15173-0 (Pregnant)', () => {
    expect(mapOne(pregnancy('LA15173-0', LOINC)).pregnancyStatus[0]?.pregnant).toBe(true);
  });

  it('is not pregnant with another answer', () => {
    expect(mapOne(pregnancy('60001007')).pregnancyStatus[0]?.pregnant).toBe(false);
    expect(mapOne(pregnancy('LA26683-5', LOINC)).pregnancyStatus[0]?.pregnant).toBe(false);
    expect(mapOne(pregnancy('LA15173-0', SNOMED)).pregnancyStatus[0]?.pregnant).toBe(false);
  });

  it('notes a pregnancy status without a coded answer', () => {
    const record = mapOne({ ...pregnancy('77386006'), valueCodeableConcept: undefined });
    expect(record.pregnancyStatus).toEqual([]);
    expect(record.dataQuality[0]?.code).toBe('no-numeric-value');
  });
});
