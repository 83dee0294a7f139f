import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PatientRecordBuilder,
  flattenBundle,
  mapPatientResources,
  patientIdOf,
} from '../../../src/fhir/map.js';
import type { PatientRecord } from '../../../src/core/types.js';
import {
  LOINC,
  PATIENT,
  RXNORM,
  SNOMED,
  condition,
  dosage,
  medicationRequest,
  observation,
} from './resources.js';

type Path = (string | number)[];

/** Every path into a JSON value, e.g. ["valueQuantity", "value"], ["referenceRange", 0, "high"]. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...prefix, i], ...pathsOf(v, [...prefix, i])]);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
  return [];
}

function mutate(resource: unknown, path: Path, replacement: unknown, remove: boolean): unknown {
  const copy: unknown = structuredClone(resource);
  let target = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (remove && !Array.isArray(target)) delete target[last];
  else target[last] = replacement;
  return copy;
}

/** The elements that decide what a resource is and whose it is; mutating the rest must never lose it silently. */
const IDENTITY = new Set(['resourceType', 'id', 'code', 'medicationCodeableConcept', 'subject', 'patient']);

const VALID: Record<string, unknown>[] = [
  observation({
    referenceRange: [
      {
        low: { value: 10, unit: 'U/L' },
        high: { value: 40, unit: 'U/L' },
        type: { coding: [{ code: 'normal' }] },
      },
    ],
  }),
  observation({
    id: 'igg-1',
    code: { coding: [{ system: LOINC, code: '2465-3' }] },
    valueQuantity: { value: 1850, unit: 'mg/dL' },
  }),
  observation({
    id: 'preg-1',
    code: { coding: [{ system: LOINC, code: '82810-3' }] },
    valueQuantity: undefined,
    valueCodeableConcept: { coding: [{ system: SNOMED, code: '77386006' }] },
  }),
  medicationRequest({
    dosageInstruction: [dosage(50, 'mg', { repeat: { frequency: 2, period: 1, periodUnit: 'd' } })],
    dispenseRequest: { validityPeriod: { start: '2024-01-10', end: '2024-07-10' } },
    statusReason: { text: 'nausea' },
  }),
  {
    resourceType: 'MedicationStatement',
    id: 'ms-1',
    status: 'completed',
    subject: { reference: `Patient/${PATIENT}` },
    medicationCodeableConcept: { coding: [{ system: RXNORM, code: '8638' }] },
    effectivePeriod: { start: '2023-01-01', end: '2023-06-01' },
    statusReason: [{ text: 'adverse effect' }],
  },
  condition(
    { system: SNOMED, code: '408335007' },
    { onsetDateTime: '2021-04-01', recordedDate: '2021-04-02' },
  ),
  {
    resourceType: 'AllergyIntolerance',
    id: 'ai-1',
    patient: { reference: `Patient/${PATIENT}` },
    code: { coding: [{ system: RXNORM, code: '1256' }] },
    clinicalStatus: { coding: [{ code: 'active' }] },
    reaction: [{ manifestation: [{ text: 'pancreatitis' }] }],
  },
];

function contributes(record: PatientRecord, ref: string): boolean {
  const items = [
    ...record.labs,
    ...record.pregnancyStatus,
    ...record.medications,
    ...record.conditions,
    ...record.intolerances,
  ];
  return items.some((i) => i.ref === ref) || record.dataQuality.some((n) => n.resource === ref);
}

function isWellFormed(record: PatientRecord): boolean {
  return (
    typeof record.patientId === 'string' &&
    [
      record.labs,
      record.pregnancyStatus,
      record.medications,
      record.conditions,
      record.intolerances,
      record.dataQuality,
      record.gaps,
    ].every(Array.isArray) &&
    // mapping-error is the safety net for a bug; property inputs must never reach it.
    record.dataQuality.every(
      (n) => typeof n.code === 'string' && typeof n.message === 'string' && n.code !== 'mapping-error',
    ) &&
    record.labs.every(
      (l) => Number.isFinite(l.value) && typeof l.effective === 'string' && l.effective.length >= 10,
    )
  );
}

describe('the mapper never throws', () => {
  it('on arbitrary JSON values and lists', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 4 }), { maxLength: 6 }), (values) => {
        const record = mapPatientResources(values);
        expect(isWellFormed(record)).toBe(true);
        for (const v of values) {
          flattenBundle(v);
          patientIdOf(v);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('on arbitrary objects shaped like resources and Bundles', () => {
    const type = fc.constantFrom(
      'Observation',
      'MedicationRequest',
      'MedicationStatement',
      'MedicationDispense',
      'MedicationAdministration',
      'Medication',
      'Condition',
      'AllergyIntolerance',
      'Patient',
      'Bundle',
      'OperationOutcome',
    );
    const resource = fc
      .record({ resourceType: type })
      .chain((base) =>
        fc
          .dictionary(
            fc.constantFrom(
              'id',
              'status',
              'code',
              'subject',
              'entry',
              'issue',
              'valueQuantity',
              'valueString',
              'medicationReference',
              'contained',
              'dosageInstruction',
              'effectiveDateTime',
              'referenceRange',
              'reaction',
            ),
            fc.jsonValue({ maxDepth: 3 }),
          )
          .map((rest) => ({ ...rest, ...base })),
      );
    fc.assert(
      fc.property(fc.array(resource, { maxLength: 5 }), (resources) => {
        const builder = new PatientRecordBuilder(PATIENT, {
          medicationLookup: () => ({ resourceType: 'Medication', code: 7 }),
        });
        for (const r of resources) builder.add(r);
        expect(isWellFormed(builder.build())).toBe(true);
        expect(
          isWellFormed(
            mapPatientResources([{ resourceType: 'Bundle', entry: resources.map((r) => ({ resource: r })) }]),
          ),
        ).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('no silent loss', () => {
  it('every valid sample maps to data', () => {
    for (const resource of VALID) {
      const record = mapPatientResources([resource], { patientId: PATIENT });
      const ref = `${String(resource.resourceType)}/${String(resource.id)}`;
      const items = [
        ...record.labs,
        ...record.pregnancyStatus,
        ...record.medications,
        ...record.conditions,
        ...record.intolerances,
      ];
      expect(
        items.map((i) => i.ref),
        ref,
      ).toContain(ref);
      expect(record.dataQuality, ref).toEqual([]);
    }
  });

  it('a mutated resource of ours still gives data or a note naming it', () => {
    const cases = VALID.flatMap((resource) =>
      pathsOf(resource)
        .filter((p) => !IDENTITY.has(String(p[0])))
        .map((path) => ({ resource, path })),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...cases),
        fc.jsonValue({ maxDepth: 2 }),
        fc.boolean(),
        ({ resource, path }, value, remove) => {
          const mutated = mutate(resource, path, value, remove);
          const record = mapPatientResources([mutated], { patientId: PATIENT });
          expect(isWellFormed(record)).toBe(true);
          expect(contributes(record, `${String(resource.resourceType)}/${String(resource.id)}`)).toBe(true);
        },
      ),
      { numRuns: 1500 },
    );
  });
});
