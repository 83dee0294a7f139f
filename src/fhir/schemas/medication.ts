/** FHIR R4 Medication and the four medication-use resources, as far as the mapper reads them. */
import { z } from 'zod';
import {
  codeableConcept,
  dosage,
  fhirDateTime,
  period,
  quantity,
  reference,
  resourceBase,
} from './datatypes.js';

export const medicationSchema = z.object({
  resourceType: z.literal('Medication'),
  ...resourceBase,
  code: codeableConcept.optional(),
  form: codeableConcept.optional(),
  ingredient: z
    .array(
      z.object({
        itemCodeableConcept: codeableConcept.optional(),
        itemReference: reference.optional(),
      }),
    )
    .optional(),
});

/** Elements shared by the medication-use resources. */
const medicationUse = {
  ...resourceBase,
  status: z.string().min(1),
  medicationCodeableConcept: codeableConcept.optional(),
  medicationReference: reference.optional(),
  subject: reference.optional(),
  contained: z.array(z.unknown()).optional(),
};

export const medicationRequestSchema = z.object({
  resourceType: z.literal('MedicationRequest'),
  ...medicationUse,
  intent: z.string().optional(),
  doNotPerform: z.boolean().optional(),
  statusReason: codeableConcept.optional(),
  authoredOn: fhirDateTime.optional(),
  dosageInstruction: z.array(dosage).optional(),
  dispenseRequest: z.object({ validityPeriod: period.optional() }).optional(),
});

export const medicationStatementSchema = z.object({
  resourceType: z.literal('MedicationStatement'),
  ...medicationUse,
  statusReason: z.array(codeableConcept).optional(),
  effectiveDateTime: fhirDateTime.optional(),
  effectivePeriod: period.optional(),
  dateAsserted: fhirDateTime.optional(),
  dosage: z.array(dosage).optional(),
});

export const medicationDispenseSchema = z.object({
  resourceType: z.literal('MedicationDispense'),
  ...medicationUse,
  statusReasonCodeableConcept: codeableConcept.optional(),
  daysSupply: quantity.optional(),
  whenPrepared: fhirDateTime.optional(),
  whenHandedOver: fhirDateTime.optional(),
  dosageInstruction: z.array(dosage).optional(),
});

export const medicationAdministrationSchema = z.object({
  resourceType: z.literal('MedicationAdministration'),
  ...medicationUse,
  statusReason: z.array(codeableConcept).optional(),
  effectiveDateTime: fhirDateTime.optional(),
  effectivePeriod: period.optional(),
  dosage: z
    .looseObject({
      text: z.string().optional(),
      site: codeableConcept.optional(),
      route: codeableConcept.optional(),
      method: codeableConcept.optional(),
      dose: quantity.optional(),
    })
    .optional(),
});

export type FhirMedication = z.infer<typeof medicationSchema>;
export type FhirMedicationRequest = z.infer<typeof medicationRequestSchema>;
export type FhirMedicationStatement = z.infer<typeof medicationStatementSchema>;
export type FhirMedicationDispense = z.infer<typeof medicationDispenseSchema>;
export type FhirMedicationAdministration = z.infer<typeof medicationAdministrationSchema>;
