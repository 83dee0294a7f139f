/**
 * Normalisation of lab results (clinical-rules.md §2): canonical units through UCUM, the ULN with
 * its source, and ×ULN for ALT, AST and IgG. Results that cannot be normalised stay visible (with
 * their raw value) and are marked not usable, with a data-quality note saying why.
 */
import { ANALYTE_LABEL, CANONICAL_UNIT } from './codes.js';
import { ageInYears } from './dates.js';
import { implausibleUln, implausibleValue, type Implausibility } from './plausibility.js';
import { clean, toCanonical } from './units.js';
import { DEFAULT_SITE_CONFIG, defaultUln, ulnFromRanges, type PatientContext } from './uln.js';
import { compareValues } from './value-order.js';
import type {
  AnalyteId,
  DataQualityNote,
  DecidingAnalyte,
  LabResult,
  NormalisedValue,
  PatientRecord,
  SiteConfig,
  UlnSource,
  UnreadResult,
} from './types.js';

const ADULT_TEXT = /adult/i;
const ULN_ANALYTES: ReadonlySet<AnalyteId> = new Set(['alt', 'ast', 'igg']);
/** Observation statuses a result classifies with (§1); a preliminary one is shown only. */
export const CLASSIFYING_STATUSES: ReadonlySet<string> = new Set(['final', 'amended', 'corrected']);

/** ALT, AST or IgG: an analyte normalised to ×ULN, from which the response states are decided. */
export function isDecidingAnalyte(analyte: string): analyte is DecidingAnalyte {
  return ULN_ANALYTES.has(analyte as AnalyteId);
}

export function siteConfig(site?: Partial<SiteConfig>): SiteConfig {
  return { defaultUln: { ...DEFAULT_SITE_CONFIG.defaultUln, ...(site?.defaultUln ?? {}) } };
}

export function normaliseLabs(
  record: PatientRecord,
  site?: Partial<SiteConfig>,
): { values: NormalisedValue[]; notes: DataQualityNote[]; unread: UnreadResult[] } {
  const config = siteConfig(site);
  const notes: DataQualityNote[] = [];
  const values: NormalisedValue[] = [];
  const unread: UnreadResult[] = [];
  const seen = new SeenResults();
  const conflicting = conflictingCopies(record.labs);
  // Age at the result's date matters only to age-specific reference ranges; the rest share one context.
  const withoutAge: PatientContext = { gender: record.gender };
  for (const lab of record.labs) {
    // Duplicates (same analyte, time and value) are merged: §2.
    if (!seen.add(lab) && !conflicting.has(lab.ref)) continue;
    // An age range, or a range text for adults alone ("(Adult)"), needs the age at the result's date.
    const ageSpecific = lab.referenceRanges.some((r) => r.ageYears || (r.text && ADULT_TEXT.test(r.text)));
    const patient: PatientContext = ageSpecific
      ? { gender: record.gender, ageYears: ageInYears(record.birthDate, lab.effective) }
      : withoutAge;
    const value = normaliseOne(lab, patient, config, notes);
    if (value && conflicting.has(lab.ref)) {
      value.usable = false; // which copy is right cannot be told: neither decides
      if (conflicting.get(lab.ref) === 'unnoted') {
        conflicting.set(lab.ref, 'noted');
        notes.push({
          code: 'conflicting-duplicate',
          resource: lab.ref,
          message: `${lab.ref} was received more than once with different content: shown, not used.`,
        });
      }
    }
    if (value) values.push(value);
    if (isDecidingAnalyte(lab.analyte) && CLASSIFYING_STATUSES.has(lab.status) && !value?.usable)
      unread.push(unreadOf(lab, lab.analyte, notes));
  }
  values.sort(compareValues); // same-day results of one analyte: the worst last (value-order.ts)
  return { values, notes, unread };
}

/** A final ALT, AST or IgG result that could not be used, with the reason its note gave. */
function unreadOf(lab: LabResult, analyte: DecidingAnalyte, notes: readonly DataQualityNote[]): UnreadResult {
  const day = lab.effective.slice(0, 10);
  const reason = notes.findLast((n) => n.resource === lab.ref)?.message ?? 'it could not be used';
  return { ref: lab.ref, analyte, from: day, to: day, reason };
}

/**
 * The results seen so far, by effective time: a result is a duplicate of one seen when analyte, time,
 * comparator, value and unit are all equal (a missing comparator or unit equals an empty one, and
 * values compare as they read, NaN equal to NaN). Compared field by field among the few results of the
 * same time, rather than through a key string written for every result.
 */
class SeenResults {
  private readonly byTime = new Map<string, LabResult[]>();

  /** False when an equal result was seen before; else remembers this one. */
  add(lab: LabResult): boolean {
    const sameTime = this.byTime.get(lab.effective);
    if (sameTime === undefined) {
      this.byTime.set(lab.effective, [lab]);
      return true;
    }
    if (sameTime.some((seen) => isSameResult(seen, lab))) return false;
    sameTime.push(lab);
    return true;
  }
}

function isSameResult(a: LabResult, b: LabResult): boolean {
  return (
    a.analyte === b.analyte &&
    (a.comparator ?? '') === (b.comparator ?? '') &&
    (a.value === b.value || (Number.isNaN(a.value) && Number.isNaN(b.value))) &&
    (a.unit ?? '') === (b.unit ?? '')
  );
}

/** What a result says, for telling identical copies of one resource from conflicting ones. */
function contentOf(lab: LabResult): string {
  const ranges = lab.referenceRanges.map(
    (r) => `${r.low?.value}${r.low?.unit ?? ''}-${r.high?.value}${r.high?.unit ?? ''}|${r.text ?? ''}`,
  );
  return `${lab.analyte}|${lab.effective}|${lab.comparator ?? ''}${lab.value}|${lab.unit ?? ''}|${lab.status}|${ranges.join(';')}`;
}

/**
 * Resource ids received more than once with different content (identical copies are merged). Only the
 * results of an id that comes more than once are written out for comparison: nearly all come once.
 */
function conflictingCopies(labs: readonly LabResult[]): Map<string, 'unnoted' | 'noted'> {
  const counts = new Map<string, number>();
  for (const lab of labs) counts.set(lab.ref, (counts.get(lab.ref) ?? 0) + 1);
  const first = new Map<string, string>();
  const conflicting = new Map<string, 'unnoted' | 'noted'>();
  for (const lab of labs) {
    if ((counts.get(lab.ref) ?? 0) < 2) continue;
    const content = contentOf(lab);
    const earlier = first.get(lab.ref);
    if (earlier === undefined) first.set(lab.ref, content);
    else if (earlier !== content) conflicting.set(lab.ref, 'unnoted');
  }
  return conflicting;
}

function implausibleNote(lab: LabResult, problem: Implausibility): DataQualityNote {
  const reported = `${lab.comparator ?? ''}${lab.value}${lab.unit ? ` ${lab.unit}` : ''}`;
  return {
    code: problem.code,
    resource: lab.ref,
    message: `${ANALYTE_LABEL[lab.analyte]} ${reported} on ${lab.effective.slice(0, 10)}: ${problem.why}; shown as reported, not used.`,
  };
}

/** A reference range whose low is above its high (same unit) cannot be read: the result is not used. */
function invertedRange(lab: LabResult): boolean {
  return lab.referenceRanges.some(
    (r) =>
      r.low !== undefined &&
      r.high !== undefined &&
      (r.low.unit ?? lab.unit) === (r.high.unit ?? lab.unit) &&
      r.low.value > r.high.value,
  );
}

/** A normal range whose upper limit is zero, negative or not finite: no ULN can be taken from the lab. */
function impossibleRangeHigh(lab: LabResult): boolean {
  return lab.referenceRanges.some(
    (r) =>
      (!r.type || /^normal$/i.test(r.type)) &&
      r.high !== undefined &&
      !(r.high.value > 0 && Number.isFinite(r.high.value)),
  );
}

/** The plausibility checks of a result: a note and an unused value, or undefined when it passes. */
function implausibility(lab: LabResult, canonical: number | undefined): Implausibility | undefined {
  // Without a convertible unit only what no unit can make real is judged (a negative number).
  const valueProblem =
    canonical !== undefined
      ? implausibleValue(lab.analyte, canonical)
      : lab.value < 0
        ? implausibleValue(lab.analyte, lab.value)
        : undefined;
  if (valueProblem) return valueProblem;
  if (invertedRange(lab))
    return { code: 'reference-range-inverted', why: 'the reference range has its low above its high' };
  if (ULN_ANALYTES.has(lab.analyte) && impossibleRangeHigh(lab))
    return implausibleUln(lab.analyte, Number.NaN);
  return undefined;
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
  const problem = implausibility(lab, canonical);
  if (problem) {
    notes.push(implausibleNote(lab, problem));
    return normalised(lab, canonical, false);
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
    const ulnProblem = ulnCanonical === undefined ? undefined : implausibleUln(lab.analyte, ulnCanonical);
    if (ulnProblem) {
      notes.push(implausibleNote(lab, ulnProblem));
      return normalised(lab, valueCanonical, false);
    }
    if (ulnCanonical !== undefined && valueCanonical !== undefined && ulnCanonical > 0)
      return withXUln(lab, valueCanonical, classifying, ulnCanonical, source, notes);
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
  return withXUln(lab, valueCanonical, classifying, uln, 'default', notes);
}

/** ×ULN only when it is a finite number: an infinite one must never reach a card, a chart or the CLI. */
function withXUln(
  lab: LabResult,
  value: number,
  usable: boolean,
  uln: number,
  ulnSource: UlnSource,
  notes: DataQualityNote[],
): NormalisedValue {
  const xUln = clean(value / uln);
  if (Number.isFinite(xUln)) return normalised(lab, value, usable, { uln, ulnSource, xUln });
  notes.push(implausibleNote(lab, { code: 'implausible-value', why: '×ULN is not a finite number' }));
  return normalised(lab, value, false);
}

function unitNote(lab: LabResult): DataQualityNote {
  const unit = lab.unit?.trim() ? `"${lab.unit}"` : 'no unit';
  return {
    code: 'unit-not-convertible',
    resource: lab.ref,
    message: `${ANALYTE_LABEL[lab.analyte]} ${lab.comparator ?? ''}${lab.value} with ${unit} cannot be converted to ${CANONICAL_UNIT[lab.analyte]}: shown raw, not used.`,
  };
}
