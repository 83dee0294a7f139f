/**
 * The days an Observation may date from, read from whatever date it carries, partial dates included
 * (`2024-07` is any day of July 2024): used only to place a result that cannot be used, never to date a
 * value that decides. Read leniently (any field that is not a string is absent), so an Observation that
 * failed its schema is still placed by the dates it does carry.
 */
import { daysInMonth } from '../../core/dates.js';
import type { IsoDate } from '../../core/types.js';

export interface PossibleDays {
  from?: IsoDate;
  to?: IsoDate;
}

const YEAR = /^(\d{4})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

export function possibleDays(observation: unknown): PossibleDays {
  if (typeof observation !== 'object' || observation === null) return {};
  const obs = observation as Record<string, unknown>;
  const period =
    typeof obs.effectivePeriod === 'object' && obs.effectivePeriod !== null
      ? (obs.effectivePeriod as Record<string, unknown>)
      : {};
  const when = text(obs.effectiveDateTime) ?? text(period.start) ?? text(obs.effectiveInstant);
  if (when !== undefined) return daysOf(when);
  // A period with only an end, or only the report time: taken on or before that day.
  const end = text(period.end) ?? text(obs.issued);
  return end !== undefined ? { to: daysOf(end).to } : {};
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The first and last day a FHIR date or dateTime may mean. */
export function daysOf(value: string): PossibleDays {
  if (value.length >= 10) return { from: value.slice(0, 10), to: value.slice(0, 10) };
  const month = MONTH.exec(value);
  if (month) {
    const last = daysInMonth(Number(month[1]), Number(month[2]));
    return { from: `${value}-01`, to: `${value}-${String(last).padStart(2, '0')}` };
  }
  return YEAR.test(value) ? { from: `${value}-01-01`, to: `${value}-12-31` } : {};
}
