/**
 * FHIR R4 data types, as zod schemas. Objects keep only the elements the mapper reads (unknown elements are dropped, which is also cheaper);
 * the elements the mapper reads are checked for type, and dates for their FHIR format.
 */
import { z } from 'zod';
import { boundedMemo } from '../../core/memo.js';
import { canonicalSystem } from './code-systems.js';

const YEAR = '([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)';
const MONTH = '(0[1-9]|1[0-2])';
const DAY = '(0[1-9]|[1-2][0-9]|3[0-1])';
const TIME = '([01][0-9]|2[0-3]):[0-5][0-9](:([0-5][0-9]|60)(\\.[0-9]{1,9})?)?';
const ZONE = '(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))';

const DATE_PATTERN = new RegExp(`^${YEAR}(-${MONTH}(-${DAY})?)?$`);
/** Time without a zone is tolerated: some servers omit it, and the mapper uses the calendar date. */
const DATE_TIME_PATTERN = new RegExp(`^${YEAR}(-${MONTH}(-${DAY}(T${TIME}${ZONE}?)?)?)?$`);

/** A calendar day that exists (no 30 February). Partial dates have nothing to check. */
function isRealDay(value: string): boolean {
  if (value.length < 10) return true;
  const [y, m, d] = [Number(value.slice(0, 4)), Number(value.slice(5, 7)), Number(value.slice(8, 10))];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Memoised format check: the same dates recur across thousands of resources, and the regex plus the
 * calendar check were a measurable share of parsing a Bulk Data export. Bounded like any memo here.
 */
function memoCheck(pattern: RegExp): (value: string) => boolean {
  return boundedMemo((value: string) => pattern.test(value) && isRealDay(value), 50_000);
}

const isFhirDate = memoCheck(DATE_PATTERN);
const isFhirDateTime = memoCheck(DATE_TIME_PATTERN);

export const fhirDate = z
  .string()
  .refine(isFhirDate, 'not a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD) or not a calendar date');
export const fhirDateTime = z.string().refine(isFhirDateTime, 'not a FHIR dateTime or not a calendar date');

/**
 * A code system, read as the URI the code tables use. `overwrite` rather than `transform`: the same
 * result, but a check on the string instead of a pipe, which was a quarter of validating an Observation.
 */
const codeSystem = z.string().overwrite(canonicalSystem);

export const coding = z.object({
  system: codeSystem.optional(),
  code: z.string().optional(),
  display: z.string().optional(),
});

export const codeableConcept = z.object({
  coding: z.array(coding).optional(),
  text: z.string().optional(),
});

export const reference = z.object({
  reference: z.string().optional(),
  display: z.string().optional(),
});

export const quantity = z.object({
  value: z.number().finite().optional(),
  comparator: z.enum(['<', '<=', '>=', '>']).optional(),
  unit: z.string().optional(),
  system: codeSystem.optional(),
  code: z.string().optional(),
});

export const period = z.object({
  start: fhirDateTime.optional(),
  end: fhirDateTime.optional(),
});

export const range = z.object({
  low: quantity.optional(),
  high: quantity.optional(),
});

export const timing = z.object({
  event: z.array(fhirDateTime).optional(),
  repeat: z
    .looseObject({
      boundsPeriod: period.optional(),
      frequency: z.number().int().nonnegative().optional(),
      period: z.number().positive().optional(),
      periodUnit: z.string().optional(),
    })
    .optional(),
  code: codeableConcept.optional(),
});

export const dosage = z.object({
  sequence: z.number().int().optional(),
  text: z.string().optional(),
  patientInstruction: z.string().optional(),
  timing: timing.optional(),
  site: codeableConcept.optional(),
  route: codeableConcept.optional(),
  method: codeableConcept.optional(),
  doseAndRate: z
    .array(z.object({ doseQuantity: quantity.optional(), doseRange: range.optional() }))
    .optional(),
});

export const resourceBase = {
  id: z.string().optional(),
};

export type Coding = z.infer<typeof coding>;
export type CodeableConcept = z.infer<typeof codeableConcept>;
export type Reference = z.infer<typeof reference>;
export type FhirQuantity = z.infer<typeof quantity>;
export type Period = z.infer<typeof period>;
export type Range = z.infer<typeof range>;
export type Timing = z.infer<typeof timing>;
export type Dosage = z.infer<typeof dosage>;
