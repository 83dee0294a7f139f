/**
 * FHIR R4 data types, as zod schemas. Objects keep only the elements the mapper reads (unknown elements are dropped, which is also cheaper);
 * the elements the mapper reads are checked for type, and dates for their FHIR format.
 */
import { z } from '../../zod.js';
import { canonicalSystem } from './code-systems.js';
import { isFhirDateText, isFhirDateTimeText } from './date-format.js';

export const fhirDate = z
  .string()
  .check(z.refine(isFhirDateText, 'not a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD) or not a calendar date'));
export const fhirDateTime = z
  .string()
  .check(z.refine(isFhirDateTimeText, 'not a FHIR dateTime or not a calendar date'));

/**
 * A code system, read as the URI the code tables use. `overwrite` rather than `transform`: the same
 * result, but a check on the string instead of a pipe, which was a quarter of validating an Observation.
 */
const codeSystem = z.string().check(z.overwrite(canonicalSystem));

/** A code without the spaces some feeds pad it with (" 1742-6" is 1742-6), as no code system has them. */
const code = z.string().check(z.overwrite((text: string) => text.trim()));

export const coding = z.object({
  system: z.optional(codeSystem),
  code: z.optional(code),
  display: z.optional(z.string()),
});

export const codeableConcept = z.object({
  coding: z.optional(z.array(coding)),
  text: z.optional(z.string()),
});

export const reference = z.object({
  reference: z.optional(z.string()),
  display: z.optional(z.string()),
});

export const quantity = z.object({
  value: z.optional(z.number()),
  comparator: z.optional(z.enum(['<', '<=', '>=', '>'])),
  unit: z.optional(z.string()),
  system: z.optional(codeSystem),
  code: z.optional(z.string()),
});

export const period = z.object({
  start: z.optional(fhirDateTime),
  end: z.optional(fhirDateTime),
});

export const range = z.object({
  low: z.optional(quantity),
  high: z.optional(quantity),
});

export const timing = z.object({
  event: z.optional(z.array(fhirDateTime)),
  repeat: z.optional(
    z.looseObject({
      boundsPeriod: z.optional(period),
      frequency: z.optional(z.int().check(z.nonnegative())),
      period: z.optional(z.number().check(z.positive())),
      periodUnit: z.optional(z.string()),
    }),
  ),
  code: z.optional(codeableConcept),
});

export const dosage = z.object({
  sequence: z.optional(z.int()),
  text: z.optional(z.string()),
  patientInstruction: z.optional(z.string()),
  timing: z.optional(timing),
  site: z.optional(codeableConcept),
  route: z.optional(codeableConcept),
  method: z.optional(codeableConcept),
  doseAndRate: z.optional(
    z.array(z.object({ doseQuantity: z.optional(quantity), doseRange: z.optional(range) })),
  ),
});

export const resourceBase = {
  id: z.optional(z.string()),
};

export type Coding = z.infer<typeof coding>;
export type CodeableConcept = z.infer<typeof codeableConcept>;
export type Reference = z.infer<typeof reference>;
export type FhirQuantity = z.infer<typeof quantity>;
export type Period = z.infer<typeof period>;
export type Range = z.infer<typeof range>;
export type Timing = z.infer<typeof timing>;
export type Dosage = z.infer<typeof dosage>;
