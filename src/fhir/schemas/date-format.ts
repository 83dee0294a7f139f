/**
 * The FHIR `date` and `dateTime` formats, read character by character: every date of every resource is
 * checked at the boundary, and this is several times cheaper than the specification's regular
 * expressions plus a Date for the calendar check (and needs no memo). Same answers as those (the unit
 * tests compare them): a year 0001–9999, month 01–12, a day that exists in that month (proleptic
 * Gregorian), and for a dateTime `Thh:mm`, optional `:ss` (00–60) with 1–9 decimals, optional zone
 * `Z` or ±hh:mm up to ±14:00. A time without a zone is tolerated: some servers omit it.
 */
import { daysInMonth, decimalAt } from '../../core/dates.js';

const ZERO = 0x30;
const DASH = 0x2d;
const COLON = 0x3a;
const DOT = 0x2e;
const T = 0x54;
const Z = 0x5a;
const PLUS = 0x2b;

/** FHIR `date`: YYYY, YYYY-MM or YYYY-MM-DD. */
export function isFhirDateText(value: string): boolean {
  const length = value.length;
  return (length === 4 || length === 7 || length === 10) && dateEnd(value) === length;
}

/** FHIR `dateTime`: a `date`, or a full date with a time. */
export function isFhirDateTimeText(value: string): boolean {
  const end = dateEnd(value);
  if (end === -1) return false;
  if (end === value.length) return true;
  // A time only follows a full date.
  if (end !== 10 || value.charCodeAt(10) !== T) return false;
  return timeEnd(value, 11) === value.length;
}

/** Where the date at the start of `value` ends (4, 7 or 10), or -1 when it is not a valid one. */
function dateEnd(value: string): number {
  const year = digits(value, 0, 4);
  if (year < 1) return -1;
  if (value.length === 4 || value.charCodeAt(4) !== DASH) return value.length === 4 ? 4 : -1;
  const month = digits(value, 5, 2);
  if (month < 1 || month > 12) return -1;
  if (value.length === 7) return 7;
  if (value.charCodeAt(7) !== DASH) return -1;
  const day = digits(value, 8, 2);
  if (day < 1 || day > daysInMonth(year, month)) return -1;
  return 10;
}

/** Where `hh:mm[:ss[.fff]][zone]` starting at `start` ends, or -1. */
function timeEnd(value: string, start: number): number {
  const hour = digits(value, start, 2);
  if (hour < 0 || hour > 23 || value.charCodeAt(start + 2) !== COLON) return -1;
  const minute = digits(value, start + 3, 2);
  if (minute < 0 || minute > 59) return -1;
  let at = start + 5;
  if (value.charCodeAt(at) === COLON) {
    const second = digits(value, at + 1, 2);
    if (second < 0 || second > 60) return -1;
    at += 3;
    if (value.charCodeAt(at) === DOT) {
      let count = 0;
      while (count < 10 && isDigit(value.charCodeAt(at + 1 + count))) count += 1;
      if (count < 1 || count > 9) return -1;
      at += 1 + count;
    }
  }
  if (at === value.length) return at;
  const sign = value.charCodeAt(at);
  if (sign === Z) return at + 1;
  if (sign !== PLUS && sign !== DASH) return -1;
  const zoneHour = digits(value, at + 1, 2);
  if (zoneHour < 0 || value.charCodeAt(at + 3) !== COLON) return -1;
  const zoneMinute = digits(value, at + 4, 2);
  if (zoneMinute < 0 || zoneMinute > 59) return -1;
  if (zoneHour > 14 || (zoneHour === 14 && zoneMinute !== 0)) return -1;
  return at + 6;
}

/** The number written by `count` digits from `start`, or -1 when one is missing or not a digit. */
function digits(value: string, start: number, count: number): number {
  return decimalAt(value, start, start + count);
}

function isDigit(code: number): boolean {
  return code >= ZERO && code <= ZERO + 9;
}
