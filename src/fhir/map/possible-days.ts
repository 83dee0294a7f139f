/**
 * The days an Observation may date from, read from whatever date it carries, partial dates included
 * (`2024-07` is any day of July 2024): used only to place a result that cannot be used, never to date a
 * value that decides.
 */
import { daysInMonth } from '../../core/dates.js';
import type { IsoDate } from '../../core/types.js';
import type { FhirObservationWithoutCode as FhirObservation } from '../schemas/observation.js';

export interface PossibleDays {
  from?: IsoDate;
  to?: IsoDate;
}

const YEAR = /^(\d{4})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

export function possibleDays(obs: FhirObservation): PossibleDays {
  const when = obs.effectiveDateTime ?? obs.effectivePeriod?.start ?? obs.effectiveInstant;
  if (when !== undefined) return daysOf(when);
  // A period with only an end: taken on or before that day.
  const end = obs.effectivePeriod?.end;
  if (end !== undefined) return { to: daysOf(end).to };
  return obs.issued !== undefined ? { to: daysOf(obs.issued).to } : {};
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
