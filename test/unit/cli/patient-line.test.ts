import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import { mapPatientResources } from '../../../src/fhir/map.js';
import { formatAssessment, worklistRow } from '../../../src/cli/output.js';
import { patientLine } from '../../../src/cli/patient-line.js';
import { readFixtureBundle, readFixtureIndex } from '../fhir/fixture-index.js';

describe("a patient's output line", () => {
  const entries = readFixtureIndex();

  it('is the whole assessment, card included, as NDJSON', () => {
    for (const { file, patientId, asOf } of entries) {
      const record = mapPatientResources([readFixtureBundle(file)], { patientId });
      const line = patientLine(record, { asOf }, 'ndjson');
      expect(line).toBe(formatAssessment(assess(record, { asOf }), 'ndjson'));
      expect(JSON.parse(line)).toHaveProperty('card.uuid');
    }
  });

  it('is the worklist row of the whole assessment, though no card is built for it', () => {
    const rows = new Set<string>();
    for (const { file, patientId, asOf } of entries) {
      const record = mapPatientResources([readFixtureBundle(file)], { patientId });
      const row = patientLine(record, { asOf }, 'csv');
      expect(row).toBe(worklistRow(assess(record, { asOf })));
      rows.add(row);
    }
    // The fixtures tell their patients apart: a row that ignored the record would not.
    expect(rows.size).toBeGreaterThan(1);
  });
});
