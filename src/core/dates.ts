/**
 * Calendar-day arithmetic on ISO dates. The rules count whole days ("6 months = 183 days"), so a
 * date is reduced to its calendar day as written (the first 10 characters of a FHIR dateTime: the
 * day at the lab's or prescriber's local time). Partial dates (YYYY, YYYY-MM) take the first day.
 * No clock is read here: every "today" comes from the caller's `asOf`.
 */
import { boundedMemo } from './memo.js';
import type { IsoDate } from './types.js';

const MS_PER_DAY = 86_400_000;
const DATE_PREFIX = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/;

/** Dates and day numbers are memoised: the rules compare the same few dates many times over. */
const MEMO_LIMIT = 50_000;
const memoDayNumber = boundedMemo(parseDay, MEMO_LIMIT);

/** Days since 1970-01-01 of an ISO date or dateTime, or undefined when it is not one. */
export function dayNumber(iso: string | undefined): number | undefined {
  return iso ? memoDayNumber(iso) : undefined;
}

function parseDay(iso: string): number | undefined {
  const m = DATE_PREFIX.exec(iso);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = m[2] ? Number(m[2]) : 1;
  const day = m[3] ? Number(m[3]) : 1;
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCDate() !== day) return undefined; // e.g. 2023-02-30
  return Math.round(ms / MS_PER_DAY);
}

/** The ISO date (YYYY-MM-DD) of a day number. */
export const isoDay: (day: number) => IsoDate = boundedMemo(
  (day: number) => new Date(day * MS_PER_DAY).toISOString().slice(0, 10),
  MEMO_LIMIT,
);

export function addDays(iso: IsoDate, days: number): IsoDate {
  const d = dayNumber(iso);
  if (d === undefined) throw new RangeError(`Not an ISO date: ${iso}`);
  return isoDay(d + days);
}

/** Whole years of age on `asOf`, or undefined when the birth date is unknown. */
export function ageInYears(birthDate: IsoDate | undefined, asOf: IsoDate): number | undefined {
  const b = DATE_PREFIX.exec(birthDate ?? '');
  const a = DATE_PREFIX.exec(asOf);
  if (!b || !a) return undefined;
  const [by, bm, bd] = [Number(b[1]), Number(b[2] ?? 1), Number(b[3] ?? 1)];
  const [ay, am, ad] = [Number(a[1]), Number(a[2] ?? 1), Number(a[3] ?? 1)];
  return ay - by - (am < bm || (am === bm && ad < bd) ? 1 : 0);
}

/**
 * The local calendar date of a moment as `YYYY-MM-DD`: "today" at the clinic, not in UTC. The shells
 * read their clock and pass the moment in; the core itself never does.
 */
export function localCalendarDate(moment: Date): IsoDate {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${moment.getFullYear()}-${pad(moment.getMonth() + 1)}-${pad(moment.getDate())}`;
}
