/** FHIR R4 Condition: code, statuses and dates. */
import { z } from 'zod';
import { codeableConcept, fhirDateTime, period, reference, resourceBase } from './datatypes.js';

export const conditionSchema = z.object({
  resourceType: z.literal('Condition'),
  ...resourceBase,
  clinicalStatus: codeableConcept.optional(),
  verificationStatus: codeableConcept.optional(),
  code: codeableConcept.optional(),
  subject: reference.optional(),
  onsetDateTime: fhirDateTime.optional(),
  onsetPeriod: period.optional(),
  abatementDateTime: fhirDateTime.optional(),
  abatementPeriod: period.optional(),
  recordedDate: fhirDateTime.optional(),
});

export type FhirCondition = z.infer<typeof conditionSchema>;
