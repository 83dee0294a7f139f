/**
 * OperationOutcome reading: Epic and Oracle explain refusals and partial results in OperationOutcomes,
 * either as the body of an error response or as `search.mode = outcome` entries inside a Bundle.
 */
import { operationOutcomeSchema, type FhirOperationOutcome } from '../schemas/operation-outcome.js';

export type OperationOutcome = FhirOperationOutcome;
export type OutcomeIssue = FhirOperationOutcome['issue'][number];

/** Epic's break-the-glass denials: a policy decision, final, never retried. */
export const BREAK_THE_GLASS_CODES: readonly string[] = ['4130', '4131', '4134'];
/** Epic: the cached search behind a `next` link has expired; the search must start again. */
export const EXPIRED_PAGING_CODE = '4113';

export function parseOutcome(value: unknown): OperationOutcome | undefined {
  const parsed = operationOutcomeSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** Vendor codes (Epic's numeric codes sit in `details.coding[].code`) and FHIR issue codes. */
export function outcomeCodes(outcome: OperationOutcome | undefined): string[] {
  if (!outcome) return [];
  return outcome.issue.flatMap((issue) => [
    ...(issue.code ? [issue.code] : []),
    ...(issue.details?.coding ?? []).flatMap((coding) => (coding.code ? [coding.code] : [])),
  ]);
}

export function hasAnyCode(outcome: OperationOutcome | undefined, codes: readonly string[]): boolean {
  return outcomeCodes(outcome).some((code) => codes.includes(code));
}

/** The human text of an issue: details text, then a coding display, then diagnostics. */
export function issueText(issue: OutcomeIssue): string {
  return (
    issue.details?.text ??
    issue.details?.coding?.find((coding) => coding.display)?.display ??
    issue.diagnostics ??
    issue.code ??
    'no details given'
  );
}

export function outcomeText(outcome: OperationOutcome | undefined): string {
  if (!outcome || outcome.issue.length === 0) return '';
  return outcome.issue.map(issueText).join('; ');
}

/** "Not supported" in any of the ways servers say it (404/400 bodies for an unknown resource type). */
export function saysNotSupported(outcome: OperationOutcome | undefined, bodyText: string): boolean {
  if (outcome?.issue.some((issue) => issue.code === 'not-supported')) return true;
  return /not\s+supported|unknown resource type|is not a valid resource|unsupported/i.test(
    `${outcomeText(outcome)} ${bodyText}`,
  );
}
