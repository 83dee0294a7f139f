/**
 * The days an Observation may date from, read from whatever date it carries, partial dates included
 * (`2024-07` is any day of July 2024): used only to place a result that cannot be used, never to date a
 * value that decides. Read leniently (any field that is not a string is absent), so an Observation that
 * failed its schema is still placed by the dates it does carry.
 */
import { dayNumber, daysInMonth } from '../../core/dates.js';
import type { IsoDate } from '../../core/types.js';

export interface PossibleDays {
  from?: IsoDate;
  to?: IsoDate;
}

const DAY = /^\d{4}-\d{2}-\d{2}(?!\d)/;
const MONTH = /^(\d{4})-(\d{2})(?!\d)/;
const YEAR = /^\d{4}(?!\d)/;

export function possibleDays(observation: unknown): PossibleDays {
  if (typeof observation !== 'object' || observation === null) return {};
  const obs = observation as Record<string, unknown>;
  const period =
    typeof obs.effectivePeriod === 'object' && obs.effectivePeriod !== null
      ? (obs.effectivePeriod as Record<string, unknown>)
      : {};
  for (const when of [obs.effectiveDateTime, period.start, obs.effectiveInstant]) {
    const days = typeof when === 'string' ? daysOf(when) : undefined;
    if (days) return days;
  }
  // A period with only an end, or only the report time: taken on or before that day.
  for (const end of [period.end, obs.issued]) {
    const days = typeof end === 'string' ? daysOf(end) : undefined;
    if (days) return { to: days.to };
  }
  return {};
}

/**
 * The first and last day a FHIR date or dateTime may mean: a real day, else the month or the year it
 * starts with (`2024-02-30` is some day of February 2024); undefined when it starts with no date at all.
 */
export function daysOf(value: string): PossibleDays | undefined {
  const day = DAY.exec(value)?.[0];
  if (day !== undefined && dayNumber(day) !== undefined) return { from: day, to: day };
  const month = MONTH.exec(value);
  const monthNumber = Number(month?.[2]);
  if (month && monthNumber >= 1 && monthNumber <= 12) {
    const last = daysInMonth(Number(month[1]), monthNumber);
    return { from: `${month[0]}-01`, to: `${month[0]}-${String(last).padStart(2, '0')}` };
  }
  const year = YEAR.exec(value)?.[0];
  return year !== undefined ? { from: `${year}-01-01`, to: `${year}-12-31` } : undefined;
}
