/** FHIR R4 Medication and the four medication-use resources, as far as the mapper reads them. */
import { z } from '../../zod.js';
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
  code: z.optional(codeableConcept),
  form: z.optional(codeableConcept),
  ingredient: z.optional(
    z.array(
      z.object({
        itemCodeableConcept: z.optional(codeableConcept),
        itemReference: z.optional(reference),
      }),
    ),
  ),
});

/** Elements shared by the medication-use resources. */
const medicationUse = {
  ...resourceBase,
  status: z.string().check(z.minLength(1)),
  medicationCodeableConcept: z.optional(codeableConcept),
  medicationReference: z.optional(reference),
  subject: z.optional(reference),
  contained: z.optional(z.array(z.unknown())),
};

export const medicationRequestSchema = z.object({
  resourceType: z.literal('MedicationRequest'),
  ...medicationUse,
  intent: z.optional(z.string()),
  doNotPerform: z.optional(z.boolean()),
  statusReason: z.optional(codeableConcept),
  authoredOn: z.optional(fhirDateTime),
  dosageInstruction: z.optional(z.array(dosage)),
  dispenseRequest: z.optional(z.object({ validityPeriod: z.optional(period) })),
  priorPrescription: z.optional(reference),
});

export const medicationStatementSchema = z.object({
  resourceType: z.literal('MedicationStatement'),
  ...medicationUse,
  statusReason: z.optional(z.array(codeableConcept)),
  effectiveDateTime: z.optional(fhirDateTime),
  effectivePeriod: z.optional(period),
  dateAsserted: z.optional(fhirDateTime),
  dosage: z.optional(z.array(dosage)),
});

export const medicationDispenseSchema = z.object({
  resourceType: z.literal('MedicationDispense'),
  ...medicationUse,
  statusReasonCodeableConcept: z.optional(codeableConcept),
  daysSupply: z.optional(quantity),
  whenPrepared: z.optional(fhirDateTime),
  whenHandedOver: z.optional(fhirDateTime),
  dosageInstruction: z.optional(z.array(dosage)),
});

export const medicationAdministrationSchema = z.object({
  resourceType: z.literal('MedicationAdministration'),
  ...medicationUse,
  statusReason: z.optional(z.array(codeableConcept)),
  effectiveDateTime: z.optional(fhirDateTime),
  effectivePeriod: z.optional(period),
  dosage: z.optional(
    z.looseObject({
      text: z.optional(z.string()),
      site: z.optional(codeableConcept),
      route: z.optional(codeableConcept),
      method: z.optional(codeableConcept),
      dose: z.optional(quantity),
    }),
  ),
});

export type FhirMedication = z.infer<typeof medicationSchema>;
export type FhirMedicationRequest = z.infer<typeof medicationRequestSchema>;
export type FhirMedicationStatement = z.infer<typeof medicationStatementSchema>;
export type FhirMedicationDispense = z.infer<typeof medicationDispenseSchema>;
export type FhirMedicationAdministration = z.infer<typeof medicationAdministrationSchema>;
