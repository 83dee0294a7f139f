/**
 * Fuzzing the way in: random and mutated FHIR resources and Bundles through the mapper and the core,
 * the CLI's line reader and the CDS Hooks request parser. Whatever comes in, nothing throws, no output
 * holds a non-finite number, and a record with no usable lab never gets a confident response.
 * About 10,100 inputs per run (each of several resources); seeds are random, a failure prints its seed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultDependencies } from '../../../src/cds-hooks/dependencies.js';
import { answerPatientViewBody } from '../../../src/cds-hooks/patient-view-task.js';
import { Cohort } from '../../../src/cli/cohort.js';
import { InputReport } from '../../../src/cli/input-report.js';
import { readNdjsonLine } from '../../../src/cli/read-inputs.js';
import { assess } from '../../../src/core/assess.js';
import type { Assessment, PatientRecord } from '../../../src/core/types.js';
import { mapPatientResources } from '../../../src/fhir/map.js';
import { AS_OF, CONFIDENT, nonFinitePath, PATIENT, patientInput } from './resources.js';

const TRANSAMINASES_AND_IGG = new Set(['alt', 'ast', 'igg']);

function checkAssessment(record: PatientRecord, assessment: Assessment): void {
  expect(nonFinitePath(record)).toBeUndefined();
  expect(nonFinitePath(assessment)).toBeUndefined();
  const usableLab = record.labs.some((lab) => TRANSAMINASES_AND_IGG.has(lab.analyte));
  if (!usableLab) expect(CONFIDENT.has(assessment.response)).toBe(false);
}

describe('fuzz: mapper and core', () => {
  it('map and assess any resources without throwing or inventing confidence', () => {
    fc.assert(
      fc.property(patientInput(false), (resources) => {
        const record = mapPatientResources(resources, { patientId: PATIENT });
        checkAssessment(record, assess(record, { asOf: AS_OF }));
      }),
      { numRuns: 3500 },
    );
  }, 45_000);
});

describe('fuzz: CLI reader', () => {
  const line = fc.tuple(
    patientInput(true),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 })), { maxLength: 2 }),
  );
  it('reads any lines into records it can assess', () => {
    fc.assert(
      fc.property(line, ([resources, cuts]) => {
        const lines = resources.map((resource) => JSON.stringify(resource));
        // Broken lines too: a line cut short, or with a few characters dropped from its middle.
        for (const [which, length] of cuts) {
          const text = lines[which % Math.max(lines.length, 1)];
          if (text !== undefined)
            lines.push(text.slice(0, text.length - length - 1) + text.slice(text.length - length));
        }
        const report = new InputReport({ write: () => true });
        const cohort = new Cohort();
        lines.forEach((text, index) =>
          readNdjsonLine('fuzz.ndjson', text, index + 1, { cohort, report }, false),
        );
        for (const patientId of cohort.sortedPatientIds()) {
          const record = cohort.takeRecord(patientId);
          if (record) checkAssessment(record, assess(record, { asOf: AS_OF }));
        }
      }),
      { numRuns: 3300 },
    );
  }, 45_000);
});

describe('fuzz: CDS Hooks request parser', () => {
  const prefetchOf = (resources: unknown[]) => {
    const bundle = (type: string) => ({
      resourceType: 'Bundle',
      type: 'searchset',
      entry: resources
        .filter(
          (r) =>
            typeof r === 'object' && r !== null && (r as { resourceType?: unknown }).resourceType === type,
        )
        .map((resource) => ({ resource })),
    });
    return {
      patient:
        resources.find((r) => (r as { resourceType?: unknown } | null)?.resourceType === 'Patient') ?? null,
      labs: bundle('Observation'),
      medications: bundle('MedicationRequest'),
      medicationStatements: bundle('MedicationStatement'),
      conditions: bundle('Condition'),
      allergies: bundle('AllergyIntolerance'),
    };
  };
  const body = fc
    .tuple(patientInput(true), fc.boolean(), fc.jsonValue({ maxDepth: 2 }))
    .map(([resources, raw, noise]) =>
      raw
        ? {
            hook: 'patient-view',
            hookInstance: 'h',
            context: { userId: 'u', patientId: PATIENT },
            prefetch: noise,
          }
        : {
            hook: 'patient-view',
            hookInstance: 'h',
            context: { userId: 'Practitioner/u', patientId: PATIENT },
            prefetch: prefetchOf(resources),
          },
    );

  it('answers any request with a status and finite JSON, never a throw', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (request) => {
        const bytes = new TextEncoder().encode(JSON.stringify(request));
        const answer = await answerPatientViewBody(bytes, {
          dependencies: defaultDependencies,
          today: () => AS_OF,
        });
        expect([200, 400, 412]).toContain(answer.status);
        expect(nonFinitePath(answer.body)).toBeUndefined();
      }),
      { numRuns: 3300 },
    );
  }, 45_000);
});
