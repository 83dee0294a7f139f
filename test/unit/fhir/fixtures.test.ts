import { describe, expect, it } from 'vitest';
import { flattenBundle, mapPatientResources } from '../../../src/fhir/map.js';
import {
  RESPONSE_IDS,
  fixturePatientResources,
  readFixtureBundle,
  readFixtureIndex,
} from './fixture-index.js';

const index = readFixtureIndex();
type Json = Record<string, unknown>;
const resourcesOf = (file: string) => flattenBundle(readFixtureBundle(file)).resources as Json[];
const ofType = (resources: Json[], type: string) => resources.filter((r) => r.resourceType === type);

describe('fixture index', () => {
  it('has at least 14 Bundles with distinct patients, and one file holding several patients as exports do', () => {
    expect(new Set(index.map((e) => e.file)).size).toBeGreaterThanOrEqual(14);
    expect(new Set(index.map((e) => e.patientId)).size).toBe(index.length);
    const perFile = new Map<string, number>();
    for (const e of index) perFile.set(e.file, (perFile.get(e.file) ?? 0) + 1);
    expect([...perFile.values()].some((count) => count > 1)).toBe(true);
  });

  it('covers every response state and the main recommendation paths', () => {
    expect(new Set(index.map((e) => e.expected.response))).toEqual(new Set(RESPONSE_IDS));
    const recommended = index.flatMap((e) => e.expected.recommendations ?? []);
    for (const id of [
      'switch-to-mmf',
      'consider-tacrolimus',
      'mmf-after-optimisation',
      'add-allopurinol',
      'switch-to-mmf-after-cni',
    ])
      expect(recommended).toContain(id);
    expect(index.flatMap((e) => e.expected.qualifiers ?? [])).toEqual(
      expect.arrayContaining(['tailor-like', 'second-line-failure', 'uln-default']),
    );
    expect(
      index.some(
        (e) => e.expected.blocked?.includes('switch-to-mmf') && e.expected.safetyFlags?.includes('pregnancy'),
      ),
    ).toBe(true);
  });

  it('lists blocked recommendations among the recommendations', () => {
    for (const entry of index) {
      for (const id of entry.expected.blocked ?? []) expect(entry.expected.recommendations).toContain(id);
    }
  });
});

describe.each(index)('$file', ({ file, patientId, style, expected }) => {
  const bundle = readFixtureBundle(file);
  const resources = resourcesOf(file);

  it('is a Bundle holding this patient, and only fictional patients', () => {
    expect(bundle.resourceType).toBe('Bundle');
    const patients = ofType(resources, 'Patient');
    expect(patients.map((p) => p.id)).toContain(patientId);
    for (const patient of patients) expect(JSON.stringify(patient.name)).toContain('Fictional');
  });

  it('maps cleanly: data, no invalid or unresolved resources', () => {
    const mine = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: fixturePatientResources(bundle, patientId).map((resource) => ({ resource })),
    };
    const record = mapPatientResources([ofType(resources, 'Patient').length > 1 ? mine : bundle], {
      patientId,
    });
    // A dose the chart does not give is a finding about the chart, not a mapping problem.
    const problems = record.dataQuality.filter(
      (n) => n.code !== 'server-outcome' && n.code !== 'dose-unknown',
    );
    expect(problems).toEqual([]);
    expect(record.labs.length).toBeGreaterThan(0);
    const hasAih = record.conditions.some((c) => c.condition === 'aih');
    expect(hasAih).toBe(expected.response !== 'not-applicable');
    const requests =
      ofType(resources, 'MedicationRequest').length + ofType(resources, 'MedicationStatement').length;
    if (requests > 0 && expected.response !== 'untreated')
      expect(record.medications.length).toBeGreaterThan(0);
  });

  if (style === 'epic') {
    it('has the Epic shape: MedicationRequest only, outcome entries, text reference ranges', () => {
      expect(ofType(resources, 'MedicationStatement')).toEqual([]);
      const entries = bundle.entry as { search?: { mode?: string }; resource?: Json }[];
      expect(
        entries.some((e) => e.search?.mode === 'outcome' && e.resource?.resourceType === 'OperationOutcome'),
      ).toBe(true);
      const ranges = ofType(resources, 'Observation').flatMap(
        (o) => (o.referenceRange as Json[] | undefined) ?? [],
      );
      expect(ranges.length).toBeGreaterThan(0);
      expect(ranges.every((r) => typeof r.text === 'string' && r.high === undefined)).toBe(true);
    });
  } else {
    it('has the Oracle shape: low/high reference ranges of type normal', () => {
      const ranges = ofType(resources, 'Observation').flatMap(
        (o) => (o.referenceRange as Json[] | undefined) ?? [],
      );
      expect(ranges.length).toBeGreaterThan(0);
      expect(ranges.every((r) => r.high !== undefined && JSON.stringify(r.type).includes('"normal"'))).toBe(
        true,
      );
    });
  }
});

describe('fixture variety', () => {
  const all = index.flatMap((e) => resourcesOf(e.file).map((r) => ({ style: e.style, r })));
  const units = new Set(
    all
      .filter(({ r }) => r.resourceType === 'Observation')
      .map(({ r }) => (r.valueQuantity as Json | undefined)?.unit),
  );

  it('uses µkat/L and mg/dL somewhere, and MedicationStatement in an Oracle-shaped Bundle', () => {
    expect(units).toContain('µkat/L');
    expect(units).toContain('mg/dL');
    expect(all.some(({ style, r }) => style === 'oracle' && r.resourceType === 'MedicationStatement')).toBe(
      true,
    );
  });
});
