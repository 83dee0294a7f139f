/**
 * Observation → LabResult or PregnancyStatus (clinical-rules.md §1). Results that cannot be used
 * become data-quality notes; Observations of other tests are ignored without a note, except those
 * whose text names ALT, AST or IgG under a code that is not recognised (unmapped-lab.ts).
 */
import {
  ANALYTE_LABEL,
  PREGNANCY_STATUS_LOINC,
  PREGNANT_LOINC_ANSWER,
  PREGNANT_SNOMED,
  SYSTEM,
  matchAnalyte,
  type SiteCodeMap,
} from '../../core/codes.js';
import type { IsoDate, LabResult, PregnancyStatus, ResourceRef, UnreadResult } from '../../core/types.js';
import type { CodeableConcept } from '../schemas/datatypes.js';
import {
  observationSchema,
  type FhirObservationWithoutCode as FhirObservation,
} from '../schemas/observation.js';
import { resourceParsers } from '../schemas/parsers.js';
import { fullDate } from './dates.js';
import { decidingComponent } from './panel-components.js';
import { possibleDays } from './possible-days.js';
import { NOTE, describeZodError, type NoteSink } from './notes.js';
import { fromQuantity, parseValueString, type NumericValue } from './quantity.js';
import { toReferenceRange } from './reference-range.js';
import { sharedRanges, sharedText } from './shared-values.js';
import { CLASSIFYING_STATUSES, isDecidingAnalyte } from '../../core/normalise.js';
import { conceptNames } from './concept-names.js';
import { decidingAnalyteNamed, unmappedMessage } from './unmapped-lab.js';

const USED_STATUSES = new Set(['final', 'amended', 'corrected', 'preliminary']);

export type ObservationResult =
  | { kind: 'lab'; lab: LabResult }
  | { kind: 'pregnancy'; pregnancy: PregnancyStatus }
  | { kind: 'unread'; unread: UnreadResult }
  | { kind: 'none' };

const NONE: ObservationResult = { kind: 'none' };

function isPregnancyStatus(code: CodeableConcept): boolean {
  return (code.coding ?? []).some((c) => c.system === SYSTEM.loinc && c.code === PREGNANCY_STATUS_LOINC);
}

function conceptLabel(code: CodeableConcept): string {
  return code.text ?? code.coding?.find((c) => c.display)?.display ?? code.coding?.[0]?.code ?? 'Observation';
}

/** Effective time, falling back to `issued` (noted: the report time can be days after sampling). */
function effectiveOf(obs: FhirObservation, note: NoteSink): IsoDate | undefined {
  const effective =
    fullDate(obs.effectiveDateTime, 'effectiveDateTime', note) ??
    fullDate(obs.effectivePeriod?.start, 'effectivePeriod.start', note) ??
    fullDate(obs.effectiveInstant, 'effectiveInstant', note);
  if (effective) return effective;
  const issued = fullDate(obs.issued, 'issued', note);
  if (issued) {
    note(NOTE.effectiveFromIssued, `No effective time; the report time (issued ${issued}) is used instead`);
    return issued;
  }
  note(NOTE.noEffectiveDate, 'Result has no effective date and is not used');
  return undefined;
}

function numericValueOf(obs: FhirObservation): NumericValue | undefined {
  if (obs.valueQuantity) return fromQuantity(obs.valueQuantity);
  if (obs.valueInteger !== undefined) return { value: obs.valueInteger };
  if (obs.valueString !== undefined) return parseValueString(obs.valueString);
  return undefined;
}

function noValueMessage(obs: FhirObservation): string {
  const reason = obs.dataAbsentReason;
  if (reason) {
    const why = reason.text ?? reason.coding?.find((c) => c.display)?.display ?? reason.coding?.[0]?.code;
    return `No value (data absent: ${why ?? 'reason not given'})`;
  }
  if (obs.valueString !== undefined) return `Value "${obs.valueString.slice(0, 60)}" is not a number`;
  return 'No numeric value';
}

/** A status the app may show; the rest are excluded with a note saying so. */
function usableStatus(obs: FhirObservation, label: string, note: NoteSink): boolean {
  if (USED_STATUSES.has(obs.status)) return true;
  note(NOTE.excludedStatus, `${label} with status "${obs.status}" is not used`);
  return false;
}

function mapPregnancy(obs: FhirObservation, ref: ResourceRef, note: NoteSink): ObservationResult {
  if (!usableStatus(obs, 'Pregnancy status', note)) return NONE;
  const concept = obs.valueCodeableConcept;
  if (!concept) {
    note(NOTE.noNumericValue, 'Pregnancy status without a coded value');
    return NONE;
  }
  const effective = effectiveOf(obs, note);
  if (!effective) return NONE;
  const pregnant = (concept.coding ?? []).some(
    (c) =>
      (c.system === SYSTEM.snomed && c.code === PREGNANT_SNOMED) ||
      (c.system === SYSTEM.loinc && c.code === PREGNANT_LOINC_ANSWER),
  );
  return { kind: 'pregnancy', pregnancy: { ref, effective, pregnant } };
}

/**
 * An Observation of no listed code whose text names ALT, AST or IgG: noted (unless excluded by its
 * status), never a value; listed for the core when it would have counted (rules §1, unmapped-lab.ts).
 */
function unmappedResult(
  raw: unknown,
  code: CodeableConcept,
  ref: ResourceRef,
  note: NoteSink,
): ObservationResult {
  const analyte = decidingAnalyteNamed(conceptNames(code));
  if (!analyte) return NONE;
  const parsed = resourceParsers.observationWithoutCode.safeParse(raw);
  const obs = parsed.success ? parsed.data : undefined;
  if (obs && !USED_STATUSES.has(obs.status)) return NONE; // entered-in-error, cancelled …: excluded entirely
  note(NOTE.unmappedLabCode, unmappedMessage(analyte, code));
  if (!obs || !CLASSIFYING_STATUSES.has(obs.status) || obs.dataAbsentReason) return NONE;
  return unread(ref, analyte, obs, 'its code is not recognised; the site code map can add it');
}

/** Maps one raw Observation; `siteCodes` adds a site's local lab codes. */
export function mapObservation(
  raw: unknown,
  ref: ResourceRef,
  note: NoteSink,
  siteCodes: SiteCodeMap = {},
): ObservationResult {
  const codeOnly = resourceParsers.observationCode.safeParse(raw);
  if (!codeOnly.success) {
    // The whole schema's message: it names every problem, not only the code's.
    const whole = observationSchema.safeParse(raw);
    note(NOTE.invalidResource, `Invalid Observation: ${describeZodError(whole.error ?? codeOnly.error)}`);
    return NONE;
  }
  const code = codeOnly.data.code;
  const match = matchAnalyte(code.coding ?? [], code.text, siteCodes);
  const pregnancy = isPregnancyStatus(code);
  // Other tests (the loader also reads category=laboratory broadly) are not ours: no note, unless
  // the text names a deciding analyte under a code the site map does not hold.
  if (!match && !pregnancy) {
    const component = decidingComponent(raw, siteCodes);
    if (component === undefined) return unmappedResult(raw, code, ref, note);
    note(
      NOTE.panelComponent,
      `${ANALYTE_LABEL[component]} is reported as a component of a panel result; components are not read: not used`,
    );
    return unread(
      ref,
      component,
      raw,
      `${ANALYTE_LABEL[component]} reported as a panel component, which is not read`,
    );
  }

  const parsed = resourceParsers.observationWithoutCode.safeParse(raw);
  if (!parsed.success) {
    note(NOTE.invalidResource, `Invalid Observation: ${describeZodError(parsed.error)}`);
    return match && !pregnancy ? unread(ref, match.analyte, raw, 'the resource is not valid FHIR') : NONE;
  }
  const obs = parsed.data;
  if (pregnancy) return mapPregnancy(obs, ref, note);
  if (!match) return NONE;

  const label = conceptLabel(code);
  if (!usableStatus(obs, label, note)) return NONE;
  const numeric = numericValueOf(obs);
  if (!numeric) {
    const message = noValueMessage(obs);
    note(NOTE.noNumericValue, `${label}: ${message}`);
    // A result reported absent holds no value to miss; one with neither a number nor a date cannot be
    // placed, so it is left to its note. One whose value cannot be read, dated, may hold any value.
    const days = possibleDays(obs);
    const placed = days.from !== undefined || days.to !== undefined;
    return obs.dataAbsentReason || !placed ? NONE : unread(ref, match.analyte, obs, message);
  }
  const effective = effectiveOf(obs, note);
  if (!effective) return unread(ref, match.analyte, obs, 'no full effective date');

  // A cohort holds hundreds of thousands of results: repeated values are kept once (shared-values.ts).
  const day = sharedText(effective);
  const referenceRanges = sharedRanges((obs.referenceRange ?? []).map(toReferenceRange));
  const unit = numeric.unit === undefined ? undefined : sharedText(numeric.unit);
  const { analyte, matchedBy } = match;
  const { value, comparator } = numeric;
  // The usual result (a unit, no comparator) is made in one literal: a field added afterwards would cost
  // every result an out-of-object property store. The fields keep their order either way.
  if (unit !== undefined && !comparator) {
    const lab = { ref, analyte, effective: day, value, referenceRanges, status: obs.status, matchedBy, unit };
    return { kind: 'lab', lab };
  }
  const lab: LabResult = {
    ref,
    analyte,
    effective: day,
    value,
    referenceRanges,
    status: obs.status,
    matchedBy,
  };
  if (comparator) lab.comparator = comparator;
  if (unit !== undefined) lab.unit = unit;
  return { kind: 'lab', lab };
}

/**
 * An ALT, AST or IgG result that cannot be used, with the days it may date from; other analytes decide no
 * "nothing later says otherwise" question, so for them the note alone stands.
 */
function unread(ref: ResourceRef, analyte: string, observation: unknown, reason: string): ObservationResult {
  if (!isDecidingAnalyte(analyte)) return NONE;
  // Only a result that would have counted can hide a deciding value: a preliminary, cancelled or
  // entered-in-error one is not used anyway (§1). A status that cannot be read may be any.
  const status = (observation as { status?: unknown } | null)?.status;
  if (typeof status === 'string' && !CLASSIFYING_STATUSES.has(status)) return NONE;
  return { kind: 'unread', unread: { ref, analyte, ...possibleDays(observation), reason } };
}
