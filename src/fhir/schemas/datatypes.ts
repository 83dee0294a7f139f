/**
 * FHIR R4 data types, as zod schemas. Objects keep only the elements the mapper reads (unknown elements are dropped, which is also cheaper);
 * the elements the mapper reads are checked for type, and dates for their FHIR format.
 */
import { z } from '../../zod.js';
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
  .check(z.refine(isFhirDate, 'not a FHIR date (YYYY, YYYY-MM or YYYY-MM-DD) or not a calendar date'));
export const fhirDateTime = z
  .string()
  .check(z.refine(isFhirDateTime, 'not a FHIR dateTime or not a calendar date'));

/**
 * A code system, read as the URI the code tables use. `overwrite` rather than `transform`: the same
 * result, but a check on the string instead of a pipe, which was a quarter of validating an Observation.
 */
const codeSystem = z.string().check(z.overwrite(canonicalSystem));

export const coding = z.object({
  system: z.optional(codeSystem),
  code: z.optional(z.string()),
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
