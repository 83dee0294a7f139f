/**
 * What the classifier is told about an export before it downloads: its size (kept files by their bytes,
 * the others by the manifest's counts) and its patients (the counts of the Patient files), or nothing
 * when the manifest cannot tell, so that the run plans for a large input instead of trusting a guess.
 */
import { describe, expect, it } from 'vitest';
import type { ExportManifest } from '../../../src/bulk/export-job.js';
import { newState } from '../../../src/bulk/export-state.js';
import { expectedBytes, expectedPatients } from '../../../src/bulk/expected-size.js';

const file = (type: string, count?: number) => ({
  type,
  url: `https://ehr.example/files/${type}-${count ?? 'x'}.ndjson`,
  ...(count === undefined ? {} : { count }),
});
const manifest = (...output: ReturnType<typeof file>[]): ExportManifest => ({
  transactionTime: '2026-06-01T00:00:00Z',
  request: 'https://ehr.example/fhir/Patient/$export',
  requiresAccessToken: true,
  output,
  error: [],
});

describe('expectedPatients', () => {
  it('adds up the counts of the Patient files', () => {
    expect(
      expectedPatients(manifest(file('Patient', 300), file('Observation', 9000), file('Patient', 20))),
    ).toBe(320);
  });

  it('tells nothing when a Patient file has no count, an impossible one, or there is no Patient file', () => {
    expect(expectedPatients(manifest(file('Patient', 300), file('Patient')))).toBeUndefined();
    expect(expectedPatients(manifest(file('Patient', -5)))).toBeUndefined();
    expect(expectedPatients(manifest(file('Patient', 2.5)))).toBeUndefined();
    expect(expectedPatients(manifest(file('Observation', 9000)))).toBeUndefined();
  });
});

describe('expectedBytes', () => {
  it('counts kept files by their bytes and the others by their resources', () => {
    const kept = file('Patient');
    const state = newState('request');
    state.files[kept.url] = { path: 'Patient.ndjson', bytes: 1234, sha256: 'a'.repeat(64) };
    expect(expectedBytes(manifest(kept, file('Observation', 10)), state)).toBe(1234 + 10 * 2048);
  });

  it('tells nothing when a file not yet kept has no usable count', () => {
    const state = newState('request');
    expect(expectedBytes(manifest(file('Observation', 10), file('Condition')), state)).toBeUndefined();
    expect(expectedBytes(manifest(file('Observation', -1)), state)).toBeUndefined();
  });
});
