/** Dates as the core wants them: a full calendar date (optionally with time); partial dates are not guessed. */
import type { IsoDate } from '../../core/types.js';
import { NOTE, type NoteSink } from './notes.js';

/**
 * A FHIR date/dateTime with at least a full day, unchanged; `undefined` for a partial date
 * (`2019`, `2019-04`), which is noted because a month or a year cannot be placed in a time window.
 */
export function fullDate(value: string | undefined, element: string, note: NoteSink): IsoDate | undefined {
  if (value === undefined) return undefined;
  if (value.length >= 10) return value;
  note(NOTE.impreciseDate, `${element} is only "${value}"; a partial date is not used`);
  return undefined;
}

/** The calendar day of a date, for comparing and for arithmetic. */
export function dayOf(date: IsoDate): string {
  return date.slice(0, 10);
}

/** The latest of several dates, by calendar day (then by full text, so times order within a day). */
export function latestDate(dates: readonly (IsoDate | undefined)[]): IsoDate | undefined {
  let latest: IsoDate | undefined;
  for (const d of dates) {
    if (d === undefined) continue;
    if (latest === undefined || dayOf(d) > dayOf(latest) || (dayOf(d) === dayOf(latest) && d > latest))
      latest = d;
  }
  return latest;
}

/** A calendar day plus a number of days (fractions are rounded up: a part-day of supply still counts). */
export function addDays(date: IsoDate, days: number): IsoDate | undefined {
  const base = Date.parse(`${dayOf(date)}T00:00:00Z`);
  if (!Number.isFinite(base) || !Number.isFinite(days)) return undefined;
  const result = new Date(base + Math.ceil(days) * 86_400_000);
  if (Number.isNaN(result.getTime())) return undefined;
  return result.toISOString().slice(0, 10);
}
