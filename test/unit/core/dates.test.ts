import { describe, expect, it } from 'vitest';
import { addDays, dayNumber } from '../../../src/core/dates.js';

/** The day number as Date.UTC gives it, the way the rules have always read a date. */
function dayByDate(iso: string): number | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(iso);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2] ?? 1), Number(m[3] ?? 1)];
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const ms = Date.UTC(year, month - 1, day);
  return new Date(ms).getUTCDate() === day ? Math.round(ms / 86_400_000) : undefined;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

describe('dayNumber', () => {
  it('agrees with Date.UTC on every day of every month, leap years and century years included', () => {
    const years = [100, 1582, 1600, 1700, 1899, 1900, 1969, 1970, 1999, 2000, 2023, 2024, 2100, 2400, 9999];
    for (const year of years)
      for (let month = 0; month <= 13; month += 1)
        for (let day = 0; day <= 32; day += 1) {
          const iso = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
          expect(dayNumber(iso), iso).toBe(dayByDate(iso));
          expect(dayNumber(`${iso}T23:59:59+14:00`), iso).toBe(dayByDate(iso));
        }
  });

  it('reads partial, odd and early dates as before', () => {
    const texts = [
      '2024',
      '2024-02',
      '2024-2-01',
      '2024-02-1',
      '2024-02-1x',
      '2024/02/01',
      '0050-03-01',
      '0099-12-31',
      'x2024-02-01',
      '２０２４-02-01',
      '2024-02-29extra',
    ];
    for (const text of texts) expect(dayNumber(text), text).toBe(dayByDate(text));
    expect(dayNumber(undefined)).toBeUndefined();
    expect(dayNumber('')).toBeUndefined();
  });

  it('counts from 1970-01-01', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('1969-12-31')).toBe(-1);
    expect(dayNumber('2000-03-01')).toBe(11_017);
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
  });
});
