/** FHIR R4 Patient: id, administrative gender and birth date. */
import { z } from 'zod';
import { fhirDate, resourceBase } from './datatypes.js';

export const patientSchema = z.object({
  resourceType: z.literal('Patient'),
  ...resourceBase,
  gender: z.string().optional(),
  birthDate: fhirDate.optional(),
});

export type FhirPatient = z.infer<typeof patientSchema>;
