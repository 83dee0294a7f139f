/** FHIR R4 Procedure: code, status and when it was performed (rules v2 §1: liver transplant). */
import { z } from '../../zod.js';
import { codeableConcept, fhirDateTime, period, reference, resourceBase } from './datatypes.js';

export const procedureSchema = z.object({
  resourceType: z.literal('Procedure'),
  ...resourceBase,
  status: z.string().check(z.minLength(1)),
  code: z.optional(codeableConcept),
  subject: z.optional(reference),
  performedDateTime: z.optional(fhirDateTime),
  performedPeriod: z.optional(period),
});

export type FhirProcedure = z.infer<typeof procedureSchema>;
