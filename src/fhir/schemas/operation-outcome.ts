/** FHIR R4 OperationOutcome: the issues a server reports (errors, warnings, "no results"). */
import { z } from 'zod';
import { codeableConcept, resourceBase } from './datatypes.js';

export const operationOutcomeSchema = z.object({
  resourceType: z.literal('OperationOutcome'),
  ...resourceBase,
  issue: z.array(
    z.object({
      severity: z.string().optional(),
      code: z.string().optional(),
      details: codeableConcept.optional(),
      diagnostics: z.string().optional(),
    }),
  ),
});

export type FhirOperationOutcome = z.infer<typeof operationOutcomeSchema>;
