/** FHIR R4 Patient: id, administrative gender and birth date. */
import { z } from '../../zod.js';
import { fhirDate, resourceBase } from './datatypes.js';

export const patientSchema = z.object({
  resourceType: z.literal('Patient'),
  ...resourceBase,
  gender: z.optional(z.string()),
  birthDate: z.optional(fhirDate),
});

export type FhirPatient = z.infer<typeof patientSchema>;
