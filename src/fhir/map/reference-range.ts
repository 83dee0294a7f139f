/** Observation.referenceRange → the core's ReferenceRange (bounds, type, who it applies to, age band). */
import { SYSTEM } from '../../core/codes.js';
import type { ReferenceRange } from '../../core/types.js';
import type { CodeableConcept, FhirQuantity } from '../schemas/datatypes.js';
import type { FhirReferenceRange } from '../schemas/observation.js';
import { toQuantity, unitOf } from './quantity.js';

/** SNOMED CT codes of `appliesTo` that name a sex, as the words the core compares with Patient.gender. */
const SEX_CODES: Record<string, 'male' | 'female'> = { '248153007': 'male', '248152002': 'female' };
const SEX_WORDS: Record<string, 'male' | 'female'> = {
  male: 'male',
  man: 'male',
  men: 'male',
  m: 'male',
  female: 'female',
  woman: 'female',
  women: 'female',
  f: 'female',
};

function appliesToValues(concept: CodeableConcept): string[] {
  const values: string[] = [];
  for (const c of concept.coding ?? []) {
    if (!c.code) continue;
    values.push((c.system === SYSTEM.snomed ? SEX_CODES[c.code] : undefined) ?? c.code);
  }
  if (values.length === 0 && concept.text) {
    const text = concept.text.trim();
    values.push(SEX_WORDS[text.toLowerCase()] ?? text);
  }
  return values;
}

/** Years per unit of an age quantity (UCUM `a`, `mo`, `wk`, `d`, and the words for them). */
const YEARS_PER_UNIT: Record<string, number> = {
  a: 1,
  yr: 1,
  year: 1,
  years: 1,
  mo: 1 / 12,
  month: 1 / 12,
  months: 1 / 12,
  wk: 7 / 365.25,
  week: 7 / 365.25,
  weeks: 7 / 365.25,
  d: 1 / 365.25,
  day: 1 / 365.25,
  days: 1 / 365.25,
};

function ageInYears(quantity: FhirQuantity | undefined): number | undefined {
  if (quantity?.value === undefined) return undefined;
  const unit = unitOf(quantity)?.toLowerCase() ?? 'a';
  const factor = YEARS_PER_UNIT[unit];
  return factor === undefined ? undefined : Math.round(quantity.value * factor * 1000) / 1000;
}

function rangeType(type: CodeableConcept | undefined): string | undefined {
  return type?.coding?.find((c) => c.code)?.code ?? type?.text;
}

export function toReferenceRange(range: FhirReferenceRange): ReferenceRange {
  const result: ReferenceRange = {};
  const low = toQuantity(range.low);
  const high = toQuantity(range.high);
  if (low) result.low = low;
  if (high) result.high = high;
  const type = rangeType(range.type);
  if (type) result.type = type;
  if (range.text) result.text = range.text;
  // Nearly every range has neither: the usual one is mapped without an array or a call for them.
  if (range.appliesTo !== undefined) {
    const appliesTo = range.appliesTo.flatMap(appliesToValues);
    if (appliesTo.length > 0) result.appliesTo = appliesTo;
  }
  if (range.age === undefined) return result;
  const ageLow = ageInYears(range.age.low);
  const ageHigh = ageInYears(range.age.high);
  if (ageLow !== undefined || ageHigh !== undefined) {
    result.ageYears = {};
    if (ageLow !== undefined) result.ageYears.low = ageLow;
    if (ageHigh !== undefined) result.ageYears.high = ageHigh;
  }
  return result;
}
