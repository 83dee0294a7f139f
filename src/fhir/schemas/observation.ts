/** FHIR R4 Observation: the elements the lab mapper reads. */
import { z } from 'zod';
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
  low: quantity.optional(),
  high: quantity.optional(),
  type: codeableConcept.optional(),
  appliesTo: z.array(codeableConcept).optional(),
  age: range.optional(),
  text: z.string().optional(),
});

export const observationSchema = z.object({
  resourceType: z.literal('Observation'),
  ...resourceBase,
  status: z.string().min(1),
  code: codeableConcept,
  subject: reference.optional(),
  effectiveDateTime: fhirDateTime.optional(),
  effectivePeriod: period.optional(),
  effectiveInstant: fhirDateTime.optional(),
  issued: fhirDateTime.optional(),
  valueQuantity: quantity.optional(),
  valueString: z.string().optional(),
  valueInteger: z.number().int().optional(),
  valueCodeableConcept: codeableConcept.optional(),
  dataAbsentReason: codeableConcept.optional(),
  referenceRange: z.array(referenceRangeSchema).optional(),
});

/** Just enough of an Observation to decide whether it is one of ours before validating the rest. */
export const observationCodeSchema = z.object({ code: codeableConcept });

/** The rest, once the code is known to be valid and one of ours: the code is not checked twice. */
export const observationWithoutCodeSchema = observationSchema.omit({ code: true });

export type FhirObservation = z.infer<typeof observationSchema>;
export type FhirObservationWithoutCode = z.infer<typeof observationWithoutCodeSchema>;
export type FhirReferenceRange = z.infer<typeof referenceRangeSchema>;
