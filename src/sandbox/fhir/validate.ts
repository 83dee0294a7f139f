/**
 * Validation of resources an app creates: structure and cardinality by medplum's R4 validator,
 * the required code bindings medplum does not check by zod, and the patient compartment.
 */
import { OperationOutcomeError, validateResource } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { z } from 'zod';

const medicationRequestCodes = z.object({
  status: z.enum([
    'active',
    'on-hold',
    'cancelled',
    'completed',
    'entered-in-error',
    'stopped',
    'draft',
    'unknown',
  ]),
  intent: z.enum([
    'proposal',
    'plan',
    'order',
    'original-order',
    'reflex-order',
    'filler-order',
    'instance-order',
    'option',
  ]),
  subject: z.object({ reference: z.string() }),
});

const documentReferenceCodes = z.object({
  status: z.enum(['current', 'superseded', 'entered-in-error']),
  subject: z.object({ reference: z.string() }),
  content: z.array(z.object({ attachment: z.object({ contentType: z.string().min(1) }) })).min(1),
});

const serviceRequestCodes = z.object({
  status: z.enum(['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown']),
  intent: z.enum([
    'proposal',
    'plan',
    'directive',
    'order',
    'original-order',
    'reflex-order',
    'filler-order',
    'instance-order',
    'option',
  ]),
  subject: z.object({ reference: z.string() }),
});

const BINDINGS: Record<string, z.ZodType<{ subject: { reference: string } }>> = {
  MedicationRequest: medicationRequestCodes,
  ServiceRequest: serviceRequestCodes,
  DocumentReference: documentReferenceCodes,
};

/** Problems in plain words; empty when the resource may be stored. */
export function validateForCreate(resource: unknown, type: string, patientId: string): string[] {
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) {
    return ['The body is not a FHIR resource (JSON object expected).'];
  }
  const { resourceType } = resource as { resourceType?: unknown };
  if (resourceType !== type) return [`resourceType must be ${type}.`];
  try {
    validateResource(resource as Resource);
  } catch (error) {
    if (error instanceof OperationOutcomeError) {
      return (error.outcome.issue ?? []).map((issue) => {
        const where = issue.expression?.join(', ');
        return `${issue.details?.text ?? issue.code}${where ? ` (${where})` : ''}`;
      });
    }
    return [error instanceof Error ? error.message : 'The resource is invalid.'];
  }
  const binding = BINDINGS[type]?.safeParse(resource);
  if (binding && !binding.success) {
    return binding.error.issues.map((issue) => `${type}.${issue.path.join('.')}: ${issue.message}`);
  }
  if (binding?.success && binding.data.subject.reference !== `Patient/${patientId}`) {
    return [`subject must be the patient in context (Patient/${patientId}).`];
  }
  return [];
}
