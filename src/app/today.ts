import { localCalendarDate } from '../core/dates.js';

/** Today's date in the clinician's time zone: "as of" is the calendar day at the bedside, not UTC. */
export function localToday(now: Date = new Date()): string {
  return localCalendarDate(now);
}
