/** FHIR R4 Condition: code, statuses and dates. */
import { z } from '../../zod.js';
import { codeableConcept, fhirDateTime, period, reference, resourceBase } from './datatypes.js';

export const conditionSchema = z.object({
  resourceType: z.literal('Condition'),
  ...resourceBase,
  clinicalStatus: z.optional(codeableConcept),
  verificationStatus: z.optional(codeableConcept),
  code: z.optional(codeableConcept),
  subject: z.optional(reference),
  onsetDateTime: z.optional(fhirDateTime),
  onsetPeriod: z.optional(period),
  abatementDateTime: z.optional(fhirDateTime),
  abatementPeriod: z.optional(period),
  recordedDate: z.optional(fhirDateTime),
});

export type FhirCondition = z.infer<typeof conditionSchema>;
