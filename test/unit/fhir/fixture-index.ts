/** The fixture index (test/fixtures/bundles/index.json): which Bundle, as of when, and what the rules say. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type {
  QualifierId,
  RecommendationId,
  ResponseStateId,
  SafetyFlagId,
} from '../../../src/core/types.js';

export const FIXTURE_DIR = fileURLToPath(new URL('../../fixtures/bundles/', import.meta.url));

/** Every id once: a Record keyed by the union makes the compiler catch a missing or misspelt one. */
const RESPONSES: Record<ResponseStateId, true> = {
  'not-applicable': true,
  'out-of-scope': true,
  untreated: true,
  'loss-of-response': true,
  'complete-biochemical-response': true,
  'late-response': true,
  'non-response': true,
  'too-early': true,
  'insufficient-response': true,
  'insufficient-data': true,
};
const QUALIFIERS: Record<QualifierId, true> = {
  'tailor-like': true,
  'latest-above-uln': true,
  'uln-default': true,
  'second-line-failure': true,
};
const RECOMMENDATIONS: Record<RecommendationId, true> = {
  'refer-specialist-centre': true,
  'reconsider-diagnosis': true,
  'check-adherence': true,
  'measure-thiopurine-metabolites': true,
  'optimise-azathioprine': true,
  'add-allopurinol': true,
  'switch-to-mmf': true,
  'switch-to-mercaptopurine-or-thioguanine': true,
  'switch-to-budesonide': true,
  'mmf-after-optimisation': true,
  'consider-tacrolimus': true,
  'switch-to-mmf-after-cni': true,
  'continue-current-therapy': true,
  'reassess-at-6-months': true,
};
const FLAGS: Record<SafetyFlagId, true> = {
  pregnancy: true,
  'reproductive-potential': true,
  'egfr-below-60': true,
  cirrhosis: true,
  decompensated: true,
  leukopenia: true,
  'prior-mmf': true,
  'prior-tacrolimus': true,
};

export const RESPONSE_IDS = Object.keys(RESPONSES) as ResponseStateId[];

const oneOf = <T extends string>(ids: Record<T, true>) =>
  z.string().refine((s): s is T => s in ids, 'unknown id') as unknown as z.ZodType<T>;

export const fixtureEntrySchema = z.strictObject({
  file: z.string().regex(/^[a-z0-9-]+\.json$/),
  patientId: z.string().min(1),
  style: z.enum(['epic', 'oracle']),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  description: z.string().min(20),
  expected: z.strictObject({
    response: oneOf(RESPONSES),
    qualifiers: z.array(oneOf(QUALIFIERS)).optional(),
    line: z.enum(['first', 'second', 'third', 'none']).optional(),
    recommendations: z.array(oneOf(RECOMMENDATIONS)).optional(),
    blocked: z.array(oneOf(RECOMMENDATIONS)).optional(),
    safetyFlags: z.array(oneOf(FLAGS)).optional(),
    actionableIntolerance: z.array(z.string()).optional(),
  }),
});

export type FixtureEntry = z.infer<typeof fixtureEntrySchema>;

export function readFixtureIndex(): FixtureEntry[] {
  return z.array(fixtureEntrySchema).parse(JSON.parse(readFileSync(`${FIXTURE_DIR}index.json`, 'utf8')));
}

export function readFixtureBundle(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(`${FIXTURE_DIR}${file}`, 'utf8')) as Record<string, unknown>;
}

/**
 * The resources of one fixture patient: a file may hold several patients (an export does). Kept are
 * the Patient, what refers to it as subject or patient, and what belongs to no patient (Medication).
 */
export function fixturePatientResources(
  bundle: Record<string, unknown>,
  patientId: string,
): Record<string, unknown>[] {
  const entries = Array.isArray(bundle.entry)
    ? (bundle.entry as { resource?: Record<string, unknown> }[])
    : [];
  return entries.flatMap((entry) => {
    const resource = entry.resource;
    if (!resource || resource.resourceType === 'OperationOutcome') return [];
    if (resource.resourceType === 'Patient') return resource.id === patientId ? [resource] : [];
    const owner = (resource.subject ?? resource.patient) as { reference?: string } | undefined;
    if (owner === undefined) return [resource];
    return owner.reference === `Patient/${patientId}` ? [resource] : [];
  });
}
