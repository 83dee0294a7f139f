/** Numeric results: FHIR Quantities and values written as text ("<5", "45", "45 U/L"). */
import { SYSTEM } from '../../core/codes.js';
import type { LabResult, Quantity } from '../../core/types.js';
import type { FhirQuantity } from '../schemas/datatypes.js';

export type Comparator = NonNullable<LabResult['comparator']>;

/** The unit to carry: the UCUM code when the quantity is coded in UCUM, else the unit as written. */
export function unitOf(quantity: FhirQuantity): string | undefined {
  if (quantity.system === SYSTEM.ucum && quantity.code) return quantity.code;
  return quantity.unit ?? quantity.code;
}

/** A FHIR Quantity as the core's Quantity; `undefined` without a value. */
export function toQuantity(quantity: FhirQuantity | undefined): Quantity | undefined {
  if (quantity?.value === undefined) return undefined;
  const unit = unitOf(quantity);
  return unit === undefined ? { value: quantity.value } : { value: quantity.value, unit };
}

export interface NumericValue {
  value: number;
  comparator?: Comparator;
  unit?: string;
}

const COMPARATORS: Record<string, Comparator> = {
  '<': '<',
  '<=': '<=',
  '≤': '<=',
  '>': '>',
  '>=': '>=',
  '≥': '>=',
};

/**
 * A value written as text: an optional comparator, a decimal number (point as separator), an optional
 * unit. Anything else ("negative", "1,200", "see comment") is not a number.
 */
export function parseValueString(text: string): NumericValue | undefined {
  const match = /^\s*(<=|>=|≤|≥|<|>)?\s*([+-]?(?:\d+\.?\d*|\.\d+))\s*([^\d\s<>=≤≥,+\-.][^<>=≤≥,]*)?$/.exec(
    text,
  );
  if (!match) return undefined;
  const value = Number(match[2]);
  if (!Number.isFinite(value)) return undefined;
  const result: NumericValue = { value };
  const comparator = match[1] ? COMPARATORS[match[1]] : undefined;
  if (comparator) result.comparator = comparator;
  const unit = match[3]?.trim();
  if (unit) result.unit = unit;
  return result;
}

/** The numeric value of a Quantity, keeping its comparator. */
export function fromQuantity(quantity: FhirQuantity): NumericValue | undefined {
  if (quantity.value === undefined) return undefined;
  const result: NumericValue = { value: quantity.value };
  if (quantity.comparator) result.comparator = quantity.comparator;
  const unit = unitOf(quantity);
  if (unit !== undefined) result.unit = unit;
  return result;
}
