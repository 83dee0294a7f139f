/**
 * The fixtures' expected results were derived by hand from clinical-rules.md; this runs them through
 * the mapper and the core and compares. A mismatch means the rules, the fixture or the code is wrong.
 */
import { describe, expect, it } from 'vitest';
import { assess } from '../../../src/core/assess.js';
import { mapPatientResources } from '../../../src/fhir/map.js';
import { readFixtureBundle, readFixtureIndex, type FixtureEntry } from './fixture-index.js';

function check({ file, patientId, asOf, expected }: FixtureEntry): void {
  const record = mapPatientResources([readFixtureBundle(file)], { patientId });
  const result = assess(record, { asOf });
  expect(result.response).toBe(expected.response);
  if (expected.qualifiers) expect([...result.qualifiers].sort()).toEqual([...expected.qualifiers].sort());
  if (expected.line) expect(result.line).toBe(expected.line);
  if (expected.recommendations)
    expect(result.recommendations.map((r) => r.id)).toEqual(expected.recommendations);
  const blocked = result.recommendations.filter((r) => r.status === 'blocked').map((r) => r.id);
  expect(blocked).toEqual(expected.blocked ?? []);
  if (expected.safetyFlags) expect([...result.safetyFlags].sort()).toEqual([...expected.safetyFlags].sort());
  if (expected.actionableIntolerance)
    expect(result.actionableIntolerance).toEqual(expected.actionableIntolerance);
}

describe('fixtures through mapper and core', () => {
  for (const entry of readFixtureIndex()) {
    it(`${entry.file}: ${entry.expected.response}`, () => check(entry));
  }
});
