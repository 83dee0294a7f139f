/** FHIR R4 AllergyIntolerance: substance, statuses, reactions, dates. */
import { z } from 'zod';
import { codeableConcept, fhirDateTime, period, reference, resourceBase } from './datatypes.js';

export const allergyIntoleranceSchema = z.object({
  resourceType: z.literal('AllergyIntolerance'),
  ...resourceBase,
  clinicalStatus: codeableConcept.optional(),
  verificationStatus: codeableConcept.optional(),
  type: z.string().optional(),
  code: codeableConcept.optional(),
  patient: reference.optional(),
  onsetDateTime: fhirDateTime.optional(),
  onsetPeriod: period.optional(),
  recordedDate: fhirDateTime.optional(),
  reaction: z
    .array(
      z.object({
        substance: codeableConcept.optional(),
        manifestation: z.array(codeableConcept).optional(),
        description: z.string().optional(),
      }),
    )
    .optional(),
});

export type FhirAllergyIntolerance = z.infer<typeof allergyIntoleranceSchema>;
