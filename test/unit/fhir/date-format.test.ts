import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isFhirDateText, isFhirDateTimeText } from '../../../src/fhir/schemas/date-format.js';

// The FHIR R4 specification's regular expressions, with a Date for the calendar check: the reference
// the character-by-character reading must agree with on every input.
const YEAR = '([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)';
const MONTH = '(0[1-9]|1[0-2])';
const DAY = '(0[1-9]|[1-2][0-9]|3[0-1])';
const TIME = '([01][0-9]|2[0-3]):[0-5][0-9](:([0-5][0-9]|60)(\\.[0-9]{1,9})?)?';
const ZONE = '(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))';
const DATE_PATTERN = new RegExp(`^${YEAR}(-${MONTH}(-${DAY})?)?$`);
const DATE_TIME_PATTERN = new RegExp(`^${YEAR}(-${MONTH}(-${DAY}(T${TIME}${ZONE}?)?)?)?$`);

function isRealDay(value: string): boolean {
  if (value.length < 10) return true;
  const [y, m, d] = [Number(value.slice(0, 4)), Number(value.slice(5, 7)), Number(value.slice(8, 10))];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const referenceDate = (value: string): boolean => DATE_PATTERN.test(value) && isRealDay(value);
const referenceDateTime = (value: string): boolean => DATE_TIME_PATTERN.test(value) && isRealDay(value);

function expectSameAnswers(value: string): void {
  expect(isFhirDateText(value), value).toBe(referenceDate(value));
  expect(isFhirDateTimeText(value), value).toBe(referenceDateTime(value));
}

const SAMPLES = [
  '2024',
  '0000',
  '0001',
  '2024-02',
  '2024-13',
  '2024-00',
  '2024-02-29',
  '2023-02-29',
  '1900-02-29',
  '2000-02-29',
  '0004-02-29',
  '0100-02-29',
  '2024-04-31',
  '2024-12-31',
  '2024-01-32',
  '2024-01-15T10:30',
  '2024-01-15T10:30Z',
  '2024-01-15T10:30:00',
  '2024-01-15T23:59:60Z',
  '2024-01-15T23:59:61Z',
  '2024-01-15T24:00:00Z',
  '2024-01-15T10:60:00Z',
  '2024-01-15T10:30:00.123456789+14:00',
  '2024-01-15T10:30:00.1234567890Z',
  '2024-01-15T10:30:00.Z',
  '2024-01-15T10:30:00+14:01',
  '2024-01-15T10:30:00-13:59',
  '2024-01-15T10:30:00+15:00',
  '2024-01-15T10:30:00+1:00',
  '2024-01-15T10:30.5Z',
  '2024-01-15T',
  '2024-01-15 10:30:00Z',
  '2024-01T10:30:00Z',
  '2024T10:30:00Z',
  '2024-01-15Z',
  '2024-1-15',
  '2024-01-15\n',
  '２０２４-01-15',
  '',
  '-2024',
];

describe('FHIR date and dateTime formats', () => {
  it('agree with the specification on chosen edge cases', () => {
    for (const value of SAMPLES) expectSameAnswers(value);
  });

  it('agree on every day of leap and common years, centuries included', () => {
    for (const year of [1, 4, 99, 100, 400, 1900, 2000, 2023, 2024, 9999]) {
      for (let month = 0; month <= 13; month += 1) {
        for (let day = 0; day <= 32; day += 1) {
          const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          expectSameAnswers(date);
          expectSameAnswers(`${date}T12:00:00Z`);
        }
      }
    }
  });

  it('agree on random text made of the characters dates are written with', () => {
    const text = fc.string({ unit: fc.constantFrom(...'0123456789-:T.Z+ 1234'), maxLength: 40 });
    fc.assert(
      fc.property(text, (value) => expectSameAnswers(value)),
      { numRuns: 20_000 },
    );
  });

  it('agree on valid dateTimes with one character changed, dropped or added', () => {
    const valid = fc
      .record({
        year: fc.integer({ min: 1, max: 9999 }),
        month: fc.integer({ min: 1, max: 12 }),
        day: fc.integer({ min: 1, max: 28 }),
        hour: fc.integer({ min: 0, max: 23 }),
        minute: fc.integer({ min: 0, max: 59 }),
        second: fc.integer({ min: 0, max: 60 }),
        fraction: fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 10 }),
        zone: fc.constantFrom('', 'Z', '+01:00', '-05:30', '+14:00', '-13:59'),
      })
      .map(({ year, month, day, hour, minute, second, fraction, zone }) => {
        const two = (n: number): string => String(n).padStart(2, '0');
        const seconds = `:${two(second)}${fraction ? `.${fraction}` : ''}`;
        return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}${seconds}${zone}`;
      });
    const edited = fc
      .tuple(
        valid,
        fc.nat(),
        fc.constantFrom('change', 'drop', 'add', 'cut'),
        fc.constantFrom(...'09-:T.Z+x'),
      )
      .map(([value, at, edit, char]) => {
        const i = at % (value.length + 1);
        if (edit === 'change') return value.slice(0, i) + char + value.slice(i + 1);
        if (edit === 'drop') return value.slice(0, i) + value.slice(i + 1);
        if (edit === 'add') return value.slice(0, i) + char + value.slice(i);
        return value.slice(0, i);
      });
    fc.assert(
      fc.property(valid, (value) => expectSameAnswers(value)),
      { numRuns: 5_000 },
    );
    fc.assert(
      fc.property(edited, (value) => expectSameAnswers(value)),
      { numRuns: 20_000 },
    );
  });
});
