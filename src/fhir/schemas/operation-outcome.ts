/** FHIR R4 OperationOutcome: the issues a server reports (errors, warnings, "no results"). */
import { z } from '../../zod.js';
import { codeableConcept, resourceBase } from './datatypes.js';

export const operationOutcomeSchema = z.object({
  resourceType: z.literal('OperationOutcome'),
  ...resourceBase,
  issue: z.array(
    z.object({
      severity: z.optional(z.string()),
      code: z.optional(z.string()),
      details: z.optional(codeableConcept),
      diagnostics: z.optional(z.string()),
    }),
  ),
});

export type FhirOperationOutcome = z.infer<typeof operationOutcomeSchema>;
