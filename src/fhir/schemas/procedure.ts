/** FHIR R4 Procedure: code, status and when it was performed (rules v2 §1: liver transplant). */
import { z } from 'zod';
import { codeableConcept, fhirDateTime, period, reference, resourceBase } from './datatypes.js';

export const procedureSchema = z.object({
  resourceType: z.literal('Procedure'),
  ...resourceBase,
  status: z.string().min(1),
  code: codeableConcept.optional(),
  subject: reference.optional(),
  performedDateTime: fhirDateTime.optional(),
  performedPeriod: period.optional(),
});

export type FhirProcedure = z.infer<typeof procedureSchema>;
