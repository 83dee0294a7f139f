/** Data-quality notes raised while mapping, and a readable form of a zod failure. */
import type { DataQualityNote, ResourceRef } from '../../core/types.js';

/** Stable note codes of the mapper (the core and the UI group notes by them). */
export const NOTE = {
  invalidResource: 'invalid-resource',
  excludedStatus: 'excluded-status',
  noNumericValue: 'no-numeric-value',
  noEffectiveDate: 'no-effective-date',
  effectiveFromIssued: 'effective-from-issued',
  impreciseDate: 'imprecise-date',
  nonSystemicRoute: 'non-systemic-route',
  ingredientFromText: 'ingredient-from-text',
  unresolvedMedication: 'unresolved-medication',
  doNotPerform: 'do-not-perform',
  otherPatient: 'other-patient',
  serverOutcome: 'server-outcome',
  conditionNotCoded: 'condition-not-coded',
  procedureNotCoded: 'procedure-not-coded',
  mappingError: 'mapping-error',
  doseUnknown: 'dose-unknown',
  /** An ALT, AST or IgG result under a code that is neither a listed LOINC nor site-mapped: not used. */
  unmappedLabCode: 'unmapped-lab-code',
  /** ALT, AST or IgG carried as a component of a panel Observation: not read as a value. */
  panelComponent: 'panel-component',
} as const;

/** Receives the notes about one resource; the resource reference is added by the caller. */
export type NoteSink = (code: string, message: string) => void;

export function noteFor(resource: ResourceRef | undefined, code: string, message: string): DataQualityNote {
  return resource ? { code, resource, message } : { code, message };
}

/** "valueQuantity.value: expected number, received string" — the first few failing paths. */
export function describeZodError(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): string {
  const parts = error.issues.slice(0, 3).map((issue) => {
    const path = issue.path.map(String).join('.') || '(resource)';
    return `${path}: ${issue.message}`;
  });
  const more = error.issues.length > 3 ? ` (+${error.issues.length - 3} more)` : '';
  return parts.join('; ') + more;
}
