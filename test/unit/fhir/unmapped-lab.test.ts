/**
 * A result under a local code the site map does not hold, whose text names ALT, AST or IgG (rules §1):
 * noted as `unmapped-lab-code`, never a value, and listed in `unreadResults` for the core when it would
 * have counted.
 */
import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import { mapPatientResources } from '../../../src/fhir/map.js';
import { decidingAnalyteNamed } from '../../../src/fhir/map/unmapped-lab.js';
import {
  LOINC,
  PATIENT,
  RXNORM,
  SNOMED,
  condition,
  medicationRequest,
  observation,
  type Json,
} from './resources.js';

const LOCAL = 'http://lab.example.org/codes';
const SGPT = { coding: [{ system: LOCAL, code: 'SGPT' }], text: 'ALT (SGPT)' };

function mapLocal(overrides: Json = {}, siteCodes = {}) {
  const resource = observation({
    id: 'sgpt-1',
    code: SGPT,
    effectiveDateTime: '2024-05-01T08:00:00Z',
    valueQuantity: { value: 250, unit: 'U/L' },
    ...overrides,
  });
  return mapPatientResources([resource], { patientId: PATIENT, siteCodes });
}

describe('decidingAnalyteNamed', () => {
  it.each([
    ['ALT', 'alt'],
    ['ALT (SGPT)', 'alt'],
    ['SGPT/ALT', 'alt'],
    ['alanine aminotransferase', 'alt'],
    ['Alanine Transaminase, serum', 'alt'],
    ["Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma by With P-5'-P", 'alt'],
    ['ALAT (U/L)', 'alt'],
    ['AST', 'ast'],
    ['sgot', 'ast'],
    ['Aspartate aminotransferase', 'ast'],
    ['IgG', 'igg'],
    ['igg, serum', 'igg'],
    ['Total IgG', 'igg'],
    ['Immunoglobulin G (IgG)', 'igg'],
    ['IgG [Mass/volume] in Serum or Plasma', 'igg'],
  ])('%j names %s', (text, analyte) => {
    expect(decidingAnalyteNamed([text])).toBe(analyte);
  });

  it.each([
    'IgG4',
    'IgG 4',
    'IgG subclass 1',
    'IgG subclasses',
    'Anti-dsDNA IgG',
    'Anti-tTG IgG antibody',
    'CMV IgG',
    'Hepatitis A IgG',
    'IgG index',
    'ALT/AST ratio',
    'AST/ALT',
    'ALP',
    'GGT',
    'Alkaline phosphatase',
    'Salt',
    'Last ALT draw time',
    'Albumin',
    '',
  ])('%j names no deciding analyte', (text) => {
    expect(decidingAnalyteNamed([text])).toBeUndefined();
  });

  it('reads the code text first, then the displays', () => {
    expect(decidingAnalyteNamed([undefined, 'Lab 123', 'SGOT'])).toBe('ast');
    expect(decidingAnalyteNamed(['ALT', 'AST'])).toBe('alt');
  });
});

describe('Observation under an unmapped local code (mapping)', () => {
  it('an ALT under a local code is noted, not used, and listed with its day', () => {
    const record = mapLocal();
    expect(record.labs).toEqual([]);
    expect(record.unreadResults).toEqual([
      {
        ref: 'Observation/sgpt-1',
        analyte: 'alt',
        from: '2024-05-01',
        to: '2024-05-01',
        reason: 'its code is not recognised; the site code map can add it',
      },
    ]);
    expect(record.dataQuality).toEqual([
      expect.objectContaining({ code: 'unmapped-lab-code', resource: 'Observation/sgpt-1' }),
    ]);
    const message = record.dataQuality[0]!.message;
    expect(message).toContain(`its code "${LOCAL}|SGPT" is not a recognised ALT code`);
    expect(message).toContain('site code map');
  });

  it('the note names every code (up to three), or says there is none', () => {
    const two = { coding: [...SGPT.coding, { system: 'urn:oid:1.2.3', code: '77' }], text: 'SGPT' };
    expect(mapLocal({ code: two }).dataQuality[0]?.message).toContain(
      `none of its codes "${LOCAL}|SGPT", "urn:oid:1.2.3|77" is a recognised ALT code`,
    );
    expect(mapLocal({ code: { text: 'AST' } }).dataQuality[0]?.message).toContain('AST, but it has no code');
  });

  it('the site map makes it the analyte: no note, no listing', () => {
    const record = mapLocal({}, { [`${LOCAL}|SGPT`]: 'alt' });
    expect(record.labs.map((l) => [l.analyte, l.matchedBy, l.value])).toEqual([['alt', 'site', 250]]);
    expect(record.unreadResults).toBeUndefined();
    expect(record.dataQuality).toEqual([]);
  });

  it('a listed LOINC beside the local code makes it the analyte', () => {
    const code = { ...SGPT, coding: [...SGPT.coding, { system: LOINC, code: '1742-6' }] };
    const record = mapLocal({ code });
    expect(record.labs.map((l) => l.analyte)).toEqual(['alt']);
    expect(record.unreadResults).toBeUndefined();
  });

  it('a display naming IgG is read like the text', () => {
    const code = { coding: [{ system: LOCAL, code: '2210', display: 'IgG' }] };
    const record = mapLocal({ code, valueQuantity: { value: 25, unit: 'g/L' } });
    expect(record.unreadResults?.map((u) => u.analyte)).toEqual(['igg']);
  });

  it('a local code of another test raises nothing', () => {
    const record = mapLocal({ code: { coding: [{ system: LOCAL, code: 'GGT' }], text: 'GGT' } });
    expect(record.labs).toEqual([]);
    expect(record.unreadResults).toBeUndefined();
    expect(record.dataQuality).toEqual([]);
  });

  it('a result with a month for a date is listed as of any day of that month', () => {
    const record = mapLocal({ effectiveDateTime: '2024-05' });
    expect(record.unreadResults).toEqual([
      expect.objectContaining({ ref: 'Observation/sgpt-1', from: '2024-05-01', to: '2024-05-31' }),
    ]);
  });

  it.each(['entered-in-error', 'cancelled', 'registered'])(
    'status %s: neither noted nor listed',
    (status) => {
      const record = mapLocal({ status });
      expect(record.unreadResults).toBeUndefined();
      expect(record.dataQuality).toEqual([]);
    },
  );

  it('a preliminary result, or one reported absent, is noted but not listed: it would not count', () => {
    for (const overrides of [
      { status: 'preliminary' },
      { valueQuantity: undefined, dataAbsentReason: { text: 'haemolysed' } },
    ]) {
      const record = mapLocal(overrides);
      expect(record.unreadResults).toBeUndefined();
      expect(record.dataQuality.map((n) => n.code)).toEqual(['unmapped-lab-code']);
    }
  });

  it('one whose value is not a number is listed: it may hold any value', () => {
    expect(mapLocal({ valueQuantity: undefined, valueString: 'see note' }).unreadResults).toHaveLength(1);
  });

  it.each(['final', 'amended', 'corrected'])('status %s is listed', (status) => {
    expect(mapLocal({ status }).unreadResults).toHaveLength(1);
  });
});

describe('the state past an unmapped result (core, rules §4)', () => {
  const T = '2024-01-01';
  const loinc = (id: string, code: string, date: string, value: number, unit: string, high: number) =>
    observation({
      id,
      code: { coding: [{ system: LOINC, code }] },
      effectiveDateTime: date,
      valueQuantity: { value, unit },
      referenceRange: [{ high: { value: high, unit } }],
    });
  /** AIH, prednisolone from T, a CBR panel on `panelDay`, and ALT 250 U/L under a local code. */
  function record(panelDate: string, unmapped: Json) {
    return mapPatientResources(
      [
        condition({ system: SNOMED, code: '408335007' }),
        medicationRequest({
          medicationCodeableConcept: { coding: [{ system: RXNORM, code: '8638' }] },
          authoredOn: T,
        }),
        loinc('alt-p', '1742-6', panelDate, 20, 'U/L', 40),
        loinc('ast-p', '1920-8', panelDate, 20, 'U/L', 40),
        loinc('igg-p', '2465-3', panelDate, 10, 'g/L', 16),
        observation({
          id: 'sgpt-1',
          code: SGPT,
          valueQuantity: { value: 250, unit: 'U/L' },
          ...unmapped,
        }),
      ],
      { patientId: PATIENT },
    );
  }
  const asOf = '2024-09-01';

  it('CBR panel on Tline + 60 d, then ALT 250 U/L under an unmapped code: insufficient-data, named', () => {
    const a = assess(record('2024-03-01', { effectiveDateTime: '2024-05-01' }), { asOf });
    expect(a.response).toBe('insufficient-data');
    expect(a.missing).toEqual([
      expect.stringContaining('Observation/sgpt-1 of 2024-05-01 could not be read'),
    ]);
  });

  it('the same undated: insufficient-data', () => {
    const a = assess(record('2024-03-01', { effectiveDateTime: undefined }), { asOf });
    expect(a.response).toBe('insufficient-data');
  });

  it('after a late panel: insufficient-data, not late-response', () => {
    const a = assess(record('2024-07-15', { effectiveDateTime: '2024-08-01' }), { asOf });
    expect(a.response).toBe('insufficient-data');
  });

  it.each([
    ['before Tline', '2023-12-01'],
    ['after the as-of date', '2024-09-02'],
  ])('dated %s: complete-biochemical-response as before (note only)', (_, date) => {
    const a = assess(record('2024-03-01', { effectiveDateTime: date }), { asOf });
    expect(a.response).toBe('complete-biochemical-response');
    expect(a.dataQuality.map((n) => n.code)).toContain('unmapped-lab-code');
  });
});
