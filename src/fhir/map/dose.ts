/** Daily dose in mg from FHIR Dosage: dose quantity × administrations per day (e.g. 50 mg twice a day = 100). */
import type { Dosage, FhirQuantity, Timing } from '../schemas/datatypes.js';
import { unitOf } from './quantity.js';

const MG_PER_UNIT: Record<string, number> = {
  mg: 1,
  milligram: 1,
  milligrams: 1,
  g: 1000,
  gram: 1000,
  grams: 1000,
  ug: 0.001,
  mcg: 0.001,
  µg: 0.001,
  microgram: 0.001,
  micrograms: 0.001,
};

const DAYS_PER_PERIOD_UNIT: Record<string, number> = {
  s: 1 / 86_400,
  min: 1 / 1_440,
  h: 1 / 24,
  d: 1,
  wk: 7,
  mo: 30.4375,
  a: 365.25,
};

/** HL7 timing abbreviations (GTSAbbreviation) as administrations per day. */
const PER_DAY_BY_TIMING_CODE: Record<string, number> = {
  QD: 1,
  AM: 1,
  PM: 1,
  BED: 1,
  BID: 2,
  TID: 3,
  QID: 4,
  QOD: 0.5,
  Q1H: 24,
  Q2H: 12,
  Q3H: 8,
  Q4H: 6,
  Q6H: 4,
  Q8H: 3,
  Q12H: 2,
  WK: 1 / 7,
};

function doseInMg(quantity: FhirQuantity | undefined): number | undefined {
  if (quantity?.value === undefined || quantity.comparator) return undefined;
  const unit = unitOf(quantity)?.trim().toLowerCase();
  const factor = unit === undefined ? undefined : MG_PER_UNIT[unit];
  return factor === undefined ? undefined : quantity.value * factor;
}

/** Timing codes whose period is one day: only these can be narrowed to some days of the week. */
const DAILY_TIMING_CODES: ReadonlySet<string> = new Set(['QD', 'AM', 'PM', 'BED', 'BID', 'TID', 'QID']);
const WEEKDAYS: ReadonlySet<string> = new Set(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

type Repeat = NonNullable<Timing['repeat']>;

/** Distinct strings of an optional array element; `null` when it is there but not an array of strings. */
function distinctStrings(value: unknown): Set<string> | null {
  if (value === undefined) return new Set();
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) return null;
  return new Set(value);
}

/** `when` codes for "with / before / after a meal": any meal, so they name no number of times. */
const ANY_MEAL: ReadonlySet<string> = new Set(['C', 'AC', 'PC']);

/**
 * Times a day named by `timeOfDay` or `when` ("08:00" and "20:00", MORN and EVE): 0 when none. As in the
 * sig text, "morning and evening" is two doses. `undefined` when unreadable, or when "with meals" would
 * have to be counted without a stated frequency.
 */
function namedTimes(repeat: Repeat, frequency: number | undefined): number | undefined {
  const times = distinctStrings(repeat['timeOfDay']);
  const when = distinctStrings(repeat['when']);
  if (times === null || when === null) return undefined;
  if (frequency === undefined && [...when].some((w) => ANY_MEAL.has(w))) return undefined;
  return Math.max(times.size, when.size);
}

/** A range of frequency or period (1–2 a day; every 1–2 days) gives no count, as "1-2 tabs" in a sig. */
function isRange(repeat: Repeat): boolean {
  const frequencyMax = repeat['frequencyMax'];
  const periodMax = repeat['periodMax'];
  return (
    (frequencyMax !== undefined && frequencyMax !== (repeat.frequency ?? 1)) ||
    (periodMax !== undefined && periodMax !== repeat.period)
  );
}

/**
 * Administrations in one period: `frequency` (1 when absent, as in FHIR), or the number of named times
 * when no frequency is stated. Undefined for a range, or when named times and the frequency disagree
 * (once a day at 08:00 and 20:00): that could be one dose or two.
 */
function timesPerPeriod(repeat: Repeat, frequency: number | undefined): number | undefined {
  const named = namedTimes(repeat, frequency);
  if (isRange(repeat) || named === undefined) return undefined;
  if (named <= 1) return frequency ?? 1;
  return frequency === undefined || frequency === named ? named : undefined;
}

/**
 * Doses on some days of the week (`dayOfWeek`): of a daily regimen, the share of the week's days
 * (1 a day on mon, wed, fri = 3/7 a day); of any other period, no dose (every other day on Mondays
 * cannot be counted for certain).
 */
function weekShare(repeat: Repeat, daily: boolean): number | undefined {
  const days = distinctStrings(repeat['dayOfWeek']);
  if (days === null || ![...days].every((d) => WEEKDAYS.has(d))) return undefined;
  if (days.size === 0) return 1;
  return daily ? days.size / 7 : undefined;
}

function administrationsPerDay(timing: Timing | undefined): number | undefined {
  const repeat = timing?.repeat;
  if (repeat?.period !== undefined && repeat.periodUnit !== undefined) {
    const days = DAYS_PER_PERIOD_UNIT[repeat.periodUnit];
    const times = timesPerPeriod(repeat, repeat.frequency);
    const share = weekShare(repeat, repeat.period === 1 && repeat.periodUnit === 'd');
    if (days === undefined || times === undefined || share === undefined) return undefined;
    return (times / (repeat.period * days)) * share;
  }
  const code = (timing?.code?.coding?.find((c) => c.code)?.code ?? timing?.code?.text)?.trim().toUpperCase();
  const perDay = code === undefined ? undefined : PER_DAY_BY_TIMING_CODE[code];
  if (code === undefined || perDay === undefined || !repeat) return perDay;
  // The code's count is the frequency that named times of day must agree with.
  const times = timesPerPeriod(repeat, perDay);
  const share = weekShare(repeat, DAILY_TIMING_CODES.has(code));
  return times === perDay && share !== undefined ? perDay * share : undefined;
}

type DoseAndRate = NonNullable<Dosage['doseAndRate']>[number];

/** A dose quantity, or the midpoint of a dose range (§1 step 1) whose two ends are both in mass units. */
function amountInMg(doseAndRate: DoseAndRate | undefined): number | undefined {
  if (doseAndRate?.doseQuantity) return doseInMg(doseAndRate.doseQuantity);
  const low = doseInMg(doseAndRate?.doseRange?.low);
  const high = doseInMg(doseAndRate?.doseRange?.high);
  return low === undefined || high === undefined || low > high ? undefined : (low + high) / 2;
}

function singleDosageMg(dosage: Dosage): number | undefined {
  const doses = (dosage.doseAndRate ?? []).filter((d) => d.doseQuantity !== undefined || d.doseRange);
  if (doses.length !== 1) return undefined;
  const mg = amountInMg(doses[0]);
  const perDay = administrationsPerDay(dosage.timing);
  return mg === undefined || perDay === undefined ? undefined : mg * perDay;
}

/** Sequenced or time-bounded instructions (tapers) have no single daily dose. */
function isSchedule(dosages: readonly Dosage[]): boolean {
  const first = dosages[0];
  return dosages.some((d) => {
    const repeat: Record<string, unknown> = d.timing?.repeat ?? {};
    return d.sequence !== first?.sequence || 'boundsPeriod' in repeat || 'boundsDuration' in repeat;
  });
}

/**
 * The daily dose when every instruction gives one; concurrent instructions (morning and evening
 * doses written separately) add up. `undefined` whenever any part cannot be derived.
 */
export function dailyDoseMg(dosages: readonly Dosage[]): number | undefined {
  if (dosages.length === 0) return undefined;
  if (dosages.length > 1 && isSchedule(dosages)) return undefined;
  let total = 0;
  for (const dosage of dosages) {
    const mg = singleDosageMg(dosage);
    if (mg === undefined) return undefined;
    total += mg;
  }
  return Math.round(total * 1000) / 1000;
}

/** A structured dose as words for display ("50 mg, 2 times a day"), when it has a dose quantity. */
export function structuredDoseText(dosages: readonly Dosage[]): string | undefined {
  const parts = dosages.flatMap((dosage) => {
    const quantity = dosage.doseAndRate?.find((d) => d.doseQuantity)?.doseQuantity;
    if (quantity?.value === undefined) return [];
    const amount = `${quantity.comparator ?? ''}${quantity.value} ${unitOf(quantity) ?? ''}`.trim();
    const perDay = administrationsPerDay(dosage.timing);
    const often =
      perDay === undefined
        ? ''
        : perDay === 1
          ? ', once a day'
          : `, ${Math.round(perDay * 1000) / 1000} times a day`;
    return [`${amount}${often}`];
  });
  return parts.length > 0 ? parts.join('; ') : undefined;
}
