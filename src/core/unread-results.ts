/**
 * Results of a deciding analyte that were recognised but could not be used (no number, no full date, an
 * unconvertible unit, an implausible value …). A state that rests on "no later result says otherwise"
 * (complete response, the latest value, the latest week-4 value) is not declared past one of them.
 */
import { ANALYTE_LABEL } from './codes.js';
import { dayNumber } from './dates.js';
import type { UnreadResult } from './types.js';

/**
 * The unread results of `analytes` that may date from after `afterDay` and on or before `lastDay`; a
 * result whose date is not known may date from any day.
 */
export function unreadAfter(
  unread: readonly UnreadResult[] | undefined,
  analytes: readonly string[],
  afterDay: number,
  lastDay: number,
): UnreadResult[] {
  if (unread === undefined || unread.length === 0) return [];
  const found = unread.filter((u) => {
    if (!analytes.includes(u.analyte)) return false;
    const to = u.to === undefined ? undefined : dayNumber(u.to);
    const from = u.from === undefined ? undefined : dayNumber(u.from);
    return (to === undefined || to > afterDay) && (from === undefined || from <= lastDay);
  });
  return [...new Map(found.map((u) => [u.ref, u])).values()];
}

/** One `missing` entry per unread result: which, when, why, and what it leaves open. */
export function unreadMissing(unread: readonly UnreadResult[], consequence: string): string[] {
  return unread.map((u) => {
    const when = u.from !== undefined && u.from === u.to ? ` of ${u.from}` : '';
    return `${u.analyte}: the ${ANALYTE_LABEL[u.analyte]} result ${u.ref}${when} could not be read (${u.reason}); ${consequence}`;
  });
}
