import { describe, expect, it } from 'vitest';
import { buildTrendModel } from '../../../src/app/chart/chart-model.js';
import { assessWithValues } from '../../../src/core/assess.js';
import { mapPatientResources } from '../../../src/fhir/map.js';
import { PATIENT, condition, observation } from './resources.js';

const SNOMED = 'http://snomed.info/sct';
const UCUM = 'http://unitsofmeasure.org';

describe('impossible numbers from FHIR never reach a card, a chart or the CLI output', () => {
  it('ALT 1e308 U/L with a reference range high of 1e-300 U/L', () => {
    const resources = [
      condition({ system: SNOMED, code: '408335007' }),
      observation({
        valueQuantity: { value: 1e308, unit: 'U/L', system: UCUM, code: 'U/L' },
        referenceRange: [{ high: { value: 1e-300, unit: 'U/L', system: UCUM, code: 'U/L' } }],
      }),
      observation({
        id: 'alt-2',
        effectiveDateTime: '2024-03-02',
        valueQuantity: { value: 80, unit: 'U/L', system: UCUM, code: 'U/L' },
        referenceRange: [{ high: { value: 1e-300, unit: 'U/L', system: UCUM, code: 'U/L' } }],
      }),
    ];
    const record = mapPatientResources(resources, { patientId: PATIENT });
    const { assessment, values } = assessWithValues(record, { asOf: '2024-03-05' });
    // The CLI writes this object as it is; the card is part of it.
    const json = JSON.stringify(assessment);
    expect(json).not.toMatch(/Infinity|NaN|"xUln":null/);
    expect(json).not.toMatch(/e\+\d+×ULN/);
    expect(
      assessment.dataQuality.filter((n) => n.code.startsWith('implausible-')).map((n) => n.resource),
    ).toEqual(['Observation/alt-1', 'Observation/alt-2']);
    // Shown raw where values are shown, never as a ×ULN point on the trend chart.
    expect(values.map((v) => [v.rawValue, v.usable, v.xUln])).toEqual([
      [1e308, false, undefined],
      [80, false, undefined],
    ]);
    const chart = JSON.stringify(buildTrendModel(assessment, values));
    expect(chart).not.toMatch(/Infinity|NaN|null/);
  });
});
