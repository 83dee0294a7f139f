/** Dates relative to the day the sandbox starts, so the demo charts stay current. */

const DAY_MS = 86_400_000;

export interface Clock {
  /** YYYY-MM-DD of `days` after today (negative = in the past). */
  day(days: number): string;
  /** A FHIR dateTime on that day, mid-morning UTC (a clinic blood draw). */
  at(days: number): string;
  today: string;
}

export function clockFrom(today: string): Clock {
  const base = Date.parse(`${today}T00:00:00Z`);
  const day = (days: number): string => new Date(base + days * DAY_MS).toISOString().slice(0, 10);
  return { today, day, at: (days) => `${day(days)}T09:30:00Z` };
}

/** A birth date that makes the patient `years` old today (birthday 40 days ago). */
export function birthDateForAge(clock: Clock, years: number): string {
  const [y = 2000, m = 1, d = 1] = clock.today.split('-').map(Number);
  return new Date(Date.UTC(y - years, m - 1, d) - 40 * DAY_MS).toISOString().slice(0, 10);
}
