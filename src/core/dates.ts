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

/** ISO dates are memoised by day number: the rules turn the same few days into dates many times over. */
const MEMO_LIMIT = 50_000;

/**
 * Days since 1970-01-01 of an ISO date or dateTime, or undefined when it is not one. Called for every
 * date of every record the rules read: a plain `YYYY-MM-DD…` is read digit by digit, anything else
 * (partial dates, years before 100) by {@link parseDay}. Both give the same answer.
 */
export function dayNumber(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const fast = plainDayNumber(iso);
  return fast === NOT_PLAIN ? parseDay(iso) : fast;
}

const NOT_PLAIN = -1e9;
const ZERO = 0x30;

/**
 * The day number of text that starts with a full date from year 100 on (`2024-02-29…`), without a
 * regex or a Date; undefined for a day that does not exist; {@link NOT_PLAIN} for any other text.
 */
function plainDayNumber(iso: string): number | undefined {
  if (iso.length < 10 || iso.charCodeAt(4) !== 0x2d || iso.charCodeAt(7) !== 0x2d) return NOT_PLAIN;
  const year = decimalAt(iso, 0, 4);
  const month = decimalAt(iso, 5, 7);
  const day = decimalAt(iso, 8, 10);
  // Date.UTC reads years 0–99 as 1900–1999: those keep the Date path.
  if (year < 100 || month < 0 || day < 0) return NOT_PLAIN;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return daysFromCivil(year, month, day);
}

/**
 * The decimal number written in `text[start, end)`, or -1 when a character is not a digit or the text ends
 * before `end`.
 */
export function decimalAt(text: string, start: number, end: number): number {
  let value = 0;
  for (let at = start; at < end; at += 1) {
    const digit = text.charCodeAt(at) - ZERO;
    // Past the end charCodeAt gives NaN, which fails this test as a non-digit does.
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
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

/** Days in a month of the proleptic Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
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
