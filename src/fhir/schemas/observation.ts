/** FHIR R4 Observation: the elements the lab mapper reads. */
import { z } from '../../zod.js';
import {
  codeableConcept,
  fhirDateTime,
  period,
  quantity,
  range,
  reference,
  resourceBase,
} from './datatypes.js';

export const referenceRangeSchema = z.object({
  low: z.optional(quantity),
  high: z.optional(quantity),
  type: z.optional(codeableConcept),
  appliesTo: z.optional(z.array(codeableConcept)),
  age: z.optional(range),
  text: z.optional(z.string()),
});

export const observationSchema = z.object({
  resourceType: z.literal('Observation'),
  ...resourceBase,
  status: z.string().check(z.minLength(1)),
  code: codeableConcept,
  subject: z.optional(reference),
  effectiveDateTime: z.optional(fhirDateTime),
  effectivePeriod: z.optional(period),
  effectiveInstant: z.optional(fhirDateTime),
  issued: z.optional(fhirDateTime),
  valueQuantity: z.optional(quantity),
  valueString: z.optional(z.string()),
  valueInteger: z.optional(z.int()),
  valueCodeableConcept: z.optional(codeableConcept),
  dataAbsentReason: z.optional(codeableConcept),
  referenceRange: z.optional(z.array(referenceRangeSchema)),
});

/** Just enough of an Observation to decide whether it is one of ours before validating the rest. */
export const observationCodeSchema = z.object({ code: codeableConcept });

/** The rest, once the code is known to be valid and one of ours: the code is not checked twice. */
export const observationWithoutCodeSchema = z.omit(observationSchema, { code: true });

export type FhirObservation = z.infer<typeof observationSchema>;
export type FhirObservationWithoutCode = z.infer<typeof observationWithoutCodeSchema>;
export type FhirReferenceRange = z.infer<typeof referenceRangeSchema>;
