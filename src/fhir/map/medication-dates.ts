/** Start, end and last known date of each kind of medication record (clinical-rules.md §1, §3). */
import type { IsoDate } from '../../core/types.js';
import type { Dosage, FhirQuantity } from '../schemas/datatypes.js';
import type {
  FhirMedicationAdministration,
  FhirMedicationDispense,
  FhirMedicationRequest,
  FhirMedicationStatement,
} from '../schemas/medication.js';
import { addDays, fullDate, latestDate } from './dates.js';
import type { NoteSink } from './notes.js';
import { unitOf } from './quantity.js';

export interface ExposureDates {
  start?: IsoDate;
  end?: IsoDate;
  lastKnown?: IsoDate;
}

function earliest(dates: readonly (IsoDate | undefined)[]): IsoDate | undefined {
  const present = dates.filter((d): d is IsoDate => d !== undefined);
  return present.reduce<IsoDate | undefined>(
    (min, d) => (min === undefined || d.slice(0, 10) < min.slice(0, 10) ? d : min),
    undefined,
  );
}

function compact(
  start: IsoDate | undefined,
  end: IsoDate | undefined,
  all: (IsoDate | undefined)[],
): ExposureDates {
  const dates: ExposureDates = {};
  if (start) dates.start = start;
  if (end) dates.end = end;
  const lastKnown = latestDate([start, end, ...all]);
  if (lastKnown) dates.lastKnown = lastKnown;
  return dates;
}

function boundsOf(
  dosages: readonly Dosage[],
  which: 'start' | 'end',
  note: NoteSink,
): (IsoDate | undefined)[] {
  return dosages.map((d) =>
    fullDate(d.timing?.repeat?.boundsPeriod?.[which], `dosage boundsPeriod.${which}`, note),
  );
}

export function requestDates(request: FhirMedicationRequest, note: NoteSink): ExposureDates {
  const dosages = request.dosageInstruction ?? [];
  const validity = request.dispenseRequest?.validityPeriod;
  const authoredOn = fullDate(request.authoredOn, 'authoredOn', note);
  const boundsStart = earliest(boundsOf(dosages, 'start', note));
  const boundsEnd = latestDate(boundsOf(dosages, 'end', note));
  const start = fullDate(validity?.start, 'validityPeriod.start', note) ?? boundsStart ?? authoredOn;
  const end = fullDate(validity?.end, 'validityPeriod.end', note) ?? boundsEnd;
  return compact(start, end, [authoredOn, boundsStart, boundsEnd]);
}

export function statementDates(statement: FhirMedicationStatement, note: NoteSink): ExposureDates {
  const asserted = fullDate(statement.dateAsserted, 'dateAsserted', note);
  const start =
    fullDate(statement.effectivePeriod?.start, 'effectivePeriod.start', note) ??
    fullDate(statement.effectiveDateTime, 'effectiveDateTime', note) ??
    asserted;
  const end = fullDate(statement.effectivePeriod?.end, 'effectivePeriod.end', note);
  return compact(start, end, [asserted]);
}

const DAYS_PER_SUPPLY_UNIT: Record<string, number> = { d: 1, day: 1, days: 1, wk: 7, week: 7, weeks: 7 };

function supplyDays(quantity: FhirQuantity | undefined): number | undefined {
  if (quantity?.value === undefined) return undefined;
  const unit = unitOf(quantity)?.toLowerCase() ?? 'd';
  const factor = DAYS_PER_SUPPLY_UNIT[unit];
  return factor === undefined ? undefined : quantity.value * factor;
}

/** A dispense covers the days supplied from hand-over. */
export function dispenseDates(dispense: FhirMedicationDispense, note: NoteSink): ExposureDates {
  const handedOver = fullDate(dispense.whenHandedOver, 'whenHandedOver', note);
  const prepared = fullDate(dispense.whenPrepared, 'whenPrepared', note);
  const start = handedOver ?? prepared;
  const days = supplyDays(dispense.daysSupply);
  const end = start && days !== undefined ? addDays(start, days) : undefined;
  return compact(start, end, [prepared]);
}

export function administrationDates(
  administration: FhirMedicationAdministration,
  note: NoteSink,
): ExposureDates {
  const at = fullDate(administration.effectiveDateTime, 'effectiveDateTime', note);
  const start = at ?? fullDate(administration.effectivePeriod?.start, 'effectivePeriod.start', note);
  const end = fullDate(administration.effectivePeriod?.end, 'effectivePeriod.end', note) ?? at;
  return compact(start, end, []);
}
