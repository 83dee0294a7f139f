/** FHIR R4 AllergyIntolerance: substance, statuses, reactions, dates. */
import { z } from '../../zod.js';
import { codeableConcept, fhirDateTime, period, reference, resourceBase } from './datatypes.js';

export const allergyIntoleranceSchema = z.object({
  resourceType: z.literal('AllergyIntolerance'),
  ...resourceBase,
  clinicalStatus: z.optional(codeableConcept),
  verificationStatus: z.optional(codeableConcept),
  type: z.optional(z.string()),
  code: z.optional(codeableConcept),
  patient: z.optional(reference),
  onsetDateTime: z.optional(fhirDateTime),
  onsetPeriod: z.optional(period),
  recordedDate: z.optional(fhirDateTime),
  reaction: z.optional(
    z.array(
      z.object({
        substance: z.optional(codeableConcept),
        manifestation: z.optional(z.array(codeableConcept)),
        description: z.optional(z.string()),
      }),
    ),
  ),
});

export type FhirAllergyIntolerance = z.infer<typeof allergyIntoleranceSchema>;
