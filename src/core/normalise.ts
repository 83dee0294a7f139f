/**
 * Normalisation of lab results (clinical-rules.md §2): canonical units through UCUM, the ULN with
 * its source, and ×ULN for ALT, AST and IgG. Results that cannot be normalised stay visible (with
 * their raw value) and are marked not usable, with a data-quality note saying why.
 */
import { ANALYTE_LABEL, CANONICAL_UNIT } from './codes.js';
import { ageInYears } from './dates.js';
import { clean, toCanonical } from './units.js';
import { DEFAULT_SITE_CONFIG, defaultUln, ulnFromRanges, type PatientContext } from './uln.js';
import { compareValues } from './value-order.js';
import type {
  AnalyteId,
  DataQualityNote,
  LabResult,
  NormalisedValue,
  PatientRecord,
  SiteConfig,
  UlnSource,
} from './types.js';

const ULN_ANALYTES: ReadonlySet<AnalyteId> = new Set(['alt', 'ast', 'igg']);
const CLASSIFYING_STATUSES = new Set(['final', 'amended', 'corrected']);

export function siteConfig(site?: Partial<SiteConfig>): SiteConfig {
  return { defaultUln: { ...DEFAULT_SITE_CONFIG.defaultUln, ...(site?.defaultUln ?? {}) } };
}

export function normaliseLabs(
  record: PatientRecord,
  site?: Partial<SiteConfig>,
): { values: NormalisedValue[]; notes: DataQualityNote[] } {
  const config = siteConfig(site);
  const notes: DataQualityNote[] = [];
  const values: NormalisedValue[] = [];
  const seen = new Set<string>();
  for (const lab of record.labs) {
    const key = `${lab.analyte}|${lab.effective}|${lab.comparator ?? ''}${lab.value}|${lab.unit ?? ''}`;
    if (seen.has(key)) continue; // duplicates (same analyte, time and value) are merged: §2
    seen.add(key);
    // Age at the result's date matters only to age-specific reference ranges.
    const ageSpecific = lab.referenceRanges.some((r) => r.ageYears);
    const patient: PatientContext = {
      gender: record.gender,
      ...(ageSpecific ? { ageYears: ageInYears(record.birthDate, lab.effective) } : {}),
    };
    const value = normaliseOne(lab, patient, config, notes);
    if (value) values.push(value);
  }
  values.sort(compareValues); // same-day results of one analyte: the worst last (value-order.ts)
  return { values, notes };
}

function normaliseOne(
  lab: LabResult,
  patient: PatientContext,
  site: SiteConfig,
  notes: DataQualityNote[],
): NormalisedValue | undefined {
  if (!Number.isFinite(lab.value)) {
    notes.push({
      code: 'no-numeric-value',
      resource: lab.ref,
      message: `${lab.analyte}: the result has no number.`,
    });
    return undefined;
  }
  const canonical = toCanonical(lab.analyte, lab.value, lab.unit);
  const statusUsable = CLASSIFYING_STATUSES.has(lab.status);
  if (lab.status === 'preliminary') {
    notes.push({
      code: 'preliminary-result',
      resource: lab.ref,
      message: `${ANALYTE_LABEL[lab.analyte]} on ${lab.effective.slice(0, 10)} is preliminary: shown, not used for classification.`,
    });
  } else if (!statusUsable) {
    notes.push({
      code: 'excluded-status',
      resource: lab.ref,
      message: `${ANALYTE_LABEL[lab.analyte]} with status "${lab.status}" is not used.`,
    });
    return undefined;
  }
  const usable = statusUsable && canonical !== undefined;
  if (!ULN_ANALYTES.has(lab.analyte)) {
    if (canonical === undefined) notes.push(unitNote(lab));
    return normalised(lab, canonical, usable);
  }
  return withUln(lab, canonical, patient, site, notes);
}

interface UlnReading {
  uln: number;
  ulnSource: UlnSource;
  xUln: number;
}

/**
 * One normalised value, always built as the same literal: spreading a value and adding keys
 * (`{ ...base, uln }`) is slow in V8 and gives every result its own hidden class.
 */
function normalised(
  lab: LabResult,
  canonical: number | undefined,
  usable: boolean,
  uln?: UlnReading,
): NormalisedValue {
  return {
    ref: lab.ref,
    analyte: lab.analyte,
    date: lab.effective.slice(0, 10),
    value: canonical ?? lab.value,
    unit: canonical !== undefined ? CANONICAL_UNIT[lab.analyte] : (lab.unit ?? ''),
    rawValue: lab.value,
    rawUnit: lab.unit,
    comparator: lab.comparator,
    uln: uln?.uln,
    ulnSource: uln?.ulnSource,
    xUln: uln?.xUln,
    usable,
  };
}

function withUln(
  lab: LabResult,
  valueCanonical: number | undefined,
  patient: PatientContext,
  site: SiteConfig,
  notes: DataQualityNote[],
): NormalisedValue {
  const classifying = CLASSIFYING_STATUSES.has(lab.status);
  const outcome = ulnFromRanges(lab.referenceRanges, patient);
  if (outcome.kind === 'ambiguous')
    notes.push({
      code: 'reference-range-ambiguous',
      resource: lab.ref,
      message: `${ANALYTE_LABEL[lab.analyte]}: ${outcome.message}; the site default is used.`,
    });
  if (outcome.kind === 'found') {
    const { uln, unit: rangeUnit, source } = outcome.value;
    // A range written without a unit is on the result's scale; the result's unit must still convert (§2).
    const ulnCanonical = toCanonical(lab.analyte, uln, rangeUnit ?? lab.unit);
    if (ulnCanonical !== undefined && valueCanonical !== undefined && ulnCanonical > 0)
      return normalised(lab, valueCanonical, classifying, {
        uln: ulnCanonical,
        ulnSource: source,
        xUln: clean(valueCanonical / ulnCanonical),
      });
    notes.push(unitNote(lab));
    return normalised(lab, valueCanonical, false);
  }
  const uln = defaultUln(lab.analyte, patient, site);
  if (valueCanonical === undefined || uln === undefined) {
    notes.push(unitNote(lab));
    return normalised(lab, valueCanonical, false);
  }
  if (lab.analyte === 'alt' && patient.gender !== 'male' && patient.gender !== 'female')
    notes.push({
      code: 'sex-unknown-default-uln',
      resource: lab.ref,
      message: 'Sex unknown: the lower (female) default ALT upper limit is used.',
    });
  return normalised(lab, valueCanonical, classifying, {
    uln,
    ulnSource: 'default',
    xUln: clean(valueCanonical / uln),
  });
}

function unitNote(lab: LabResult): DataQualityNote {
  const unit = lab.unit?.trim() ? `"${lab.unit}"` : 'no unit';
  return {
    code: 'unit-not-convertible',
    resource: lab.ref,
    message: `${ANALYTE_LABEL[lab.analyte]} ${lab.value} with ${unit} cannot be converted to ${CANONICAL_UNIT[lab.analyte]}: shown raw, not used.`,
  };
}
