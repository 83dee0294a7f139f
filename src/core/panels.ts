/**
 * The lab building blocks of the response states (clinical-rules.md §4): CBR panels, loss events,
 * the baseline and the week-4 value. Inputs are usable normalised values dated on or before as-of,
 * sorted by date with the worst result of a day last (value-order.ts): "the latest" of a day is its
 * worst, whatever the input order.
 */
import { isAboveUln, isNormal, xUlnAbove } from './bounds.js';
import { dayNumber } from './dates.js';
import type { AnalyteId, NormalisedValue } from './types.js';

export const CBR_PANEL_SPAN_DAYS = 31;
export const LOSS_PAIR_MIN_DAYS = 14;
export const LOSS_SINGLE_ALT_XULN = 2;

export type Series = Record<'alt' | 'ast' | 'igg', NormalisedValue[]>;
const PANEL: readonly ('alt' | 'ast' | 'igg')[] = ['alt', 'ast', 'igg'];

export function seriesOf(values: readonly NormalisedValue[]): Series {
  const s: Series = { alt: [], ast: [], igg: [] };
  for (const v of values)
    if (v.analyte === 'alt' || v.analyte === 'ast' || v.analyte === 'igg') s[v.analyte].push(v);
  return s;
}

const day = (v: NormalisedValue): number => dayNumber(v.date)!;

/** The latest value of a series on or before `onOrBefore` (a day number). */
export function latestOnOrBefore(
  series: readonly NormalisedValue[],
  onOrBefore: number,
): NormalisedValue | undefined {
  // The series is sorted by date, so the walk stops at the first later value.
  let next = 0;
  while (next < series.length && day(series[next]!) <= onOrBefore) next += 1;
  return next > 0 ? series[next - 1] : undefined;
}

export interface CbrPanel {
  date: string;
  day: number;
  values: NormalisedValue[];
}

/**
 * The first CBR panel on or after `fromDay`: ALT, AST and IgG each ≤ 1.0×ULN, all three within 31
 * days of each other; its date is the latest of the three. Conservative reading: each member is its
 * analyte's latest result at the panel date, so a normal value that a later abnormal one superseded
 * never completes a panel.
 */
export function firstCbrPanel(series: Series, fromDay: number): CbrPanel | undefined {
  // Each value's day is read once here: the walk below asks for it again at every candidate day.
  const days = PANEL.map((a) => series[a].map(day));
  const candidateDays = [...new Set(days.flat())].filter((d) => d >= fromDay).sort((a, b) => a - b);
  const next = [0, 0, 0];
  for (const d of candidateDays) {
    // Each analyte's latest value on or before d (the days rise, so each walk goes on where it stopped).
    let earliest = Infinity;
    let latest = -Infinity;
    let complete = true;
    // Stops at the first analyte that fails: the walks of the others go on from where they are next time.
    for (let a = 0; a < PANEL.length && complete; a += 1) {
      const analyteDays = days[a]!;
      let at = next[a]!;
      while (at < analyteDays.length && analyteDays[at]! <= d) at += 1;
      next[a] = at;
      if (at === 0) {
        complete = false;
        continue;
      }
      const memberDay = analyteDays[at - 1]!;
      complete =
        memberDay >= fromDay && d - memberDay <= CBR_PANEL_SPAN_DAYS && isNormal(series[PANEL[a]!][at - 1]!);
      earliest = Math.min(earliest, memberDay);
      latest = Math.max(latest, memberDay);
    }
    if (!complete || latest - earliest > CBR_PANEL_SPAN_DAYS) continue;
    const values = PANEL.map((a, index) => series[a][next[index]! - 1]!);
    return {
      date: values
        .map((v) => v.date)
        .sort()
        .at(-1)!,
      day: latest,
      values,
    };
  }
  return undefined;
}

export interface LossEvent {
  date: string;
  /** The result(s) that make the event: one ALT > 2×ULN, or two consecutive > 1×ULN. */
  values: NormalisedValue[];
  kind: 'alt-above-2x' | 'two-consecutive-above-uln';
}

/**
 * The first loss event after `afterDay`: ALT > 2×ULN once, or ALT or AST > 1×ULN on two consecutive
 * results (of the same analyte) at least 14 days apart.
 */
export function firstLossEvent(series: Series, afterDay: number): LossEvent | undefined {
  const events: LossEvent[] = [];
  const alt = series.alt.filter((v) => day(v) > afterDay);
  const single = alt.find((v) => xUlnAbove(v, LOSS_SINGLE_ALT_XULN) === true);
  if (single) events.push({ date: single.date, values: [single], kind: 'alt-above-2x' });
  for (const analyte of ['alt', 'ast'] as const) {
    const run = firstRunAboveUln(series[analyte].filter((v) => day(v) > afterDay));
    if (run) events.push({ date: run[1].date, values: run, kind: 'two-consecutive-above-uln' });
  }
  return events.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0))[0];
}

/**
 * The first pair of results above 1×ULN at least 14 days apart with every result between them above
 * 1×ULN too: two consecutive results, or a longer run of raised results spanning 14 days (three raised
 * results over 14 days are at least as strong evidence as two). One result per day: a day is raised when
 * any of its results is (its highest raised one stands for it), so a same-day normal result, or one whose
 * comparator leaves it undecided ("<80"), never hides or breaks a raised run.
 */
function firstRunAboveUln(
  values: readonly NormalisedValue[],
): [NormalisedValue, NormalisedValue] | undefined {
  let runStart: NormalisedValue | undefined;
  let dayRaised: NormalisedValue | undefined;
  for (const [i, v] of values.entries()) {
    if (isAboveUln(v)) dayRaised = v; // sorted by ×ULN within the day: the last raised is the highest
    if (values[i + 1]?.date === v.date) continue; // the day goes on
    const raised = dayRaised;
    dayRaised = undefined;
    if (raised === undefined) {
      runStart = undefined;
      continue;
    }
    runStart ??= raised;
    if (day(raised) - day(runStart) >= LOSS_PAIR_MIN_DAYS) return [runStart, raised];
  }
  return undefined;
}

/** Latest ALT (or AST when there is no ALT) in [Tline − 90 d, Tline + 3 d]. */
export function baselineOf(series: Series, tLineDay: number): NormalisedValue | undefined {
  const inWindow = (v: NormalisedValue) => day(v) >= tLineDay - 90 && day(v) <= tLineDay + 3;
  const pick = (a: AnalyteId & ('alt' | 'ast')) => series[a].filter(inWindow).at(-1);
  return pick('alt') ?? pick('ast');
}

/** The week-4 window (clinical-rules.md §4): days 21–42 after Tline, both included. */
export const WEEK4_FIRST_DAY = 21;
export const WEEK4_LAST_DAY = 42;

/** Latest value of the baseline's analyte in the week-4 window. */
export function week4Of(
  series: Series,
  analyte: 'alt' | 'ast',
  tLineDay: number,
): NormalisedValue | undefined {
  return series[analyte]
    .filter((v) => day(v) >= tLineDay + WEEK4_FIRST_DAY && day(v) <= tLineDay + WEEK4_LAST_DAY)
    .at(-1);
}
