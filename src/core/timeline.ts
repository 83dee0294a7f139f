/**
 * The treatment timeline (clinical-rules.md §3): medication records → periods per ingredient
 * (merged across gaps ≤ 30 days), lines of therapy, T0, the assessed regimen and its start Tline.
 */
import { ingredientClass } from './codes.js';
import { dayNumber, isoDay } from './dates.js';
import type {
  DataQualityNote,
  IngredientId,
  IsoDate,
  LineOfTherapy,
  MedicationExposure,
  TreatmentPeriod,
} from './types.js';
import { compareText } from './compare-text.js';

export const MERGE_GAP_DAYS = 30;
export const FIRST_LINE_MMF_WINDOW_DAYS = 90;

/**
 * Records that say the drug was not taken are not exposures. MedicationAdministration `not-done`,
 * MedicationDispense `declined` and `preparation` (not handed over yet) say so too.
 */
const NOT_TAKEN = new Set([
  'cancelled',
  'entered-in-error',
  'draft',
  'not-taken',
  'intended',
  'rejected',
  'not-done',
  'declined',
  'preparation',
]);

export function isExposure(m: Pick<MedicationExposure, 'status'>): boolean {
  return !NOT_TAKEN.has(m.status);
}
const ONGOING = new Set(['active', 'on-hold']);
const STEROIDS: ReadonlySet<IngredientId> = new Set(['prednisone', 'prednisolone', 'budesonide']);
export const SECOND_LINE: ReadonlySet<IngredientId> = new Set([
  'mycophenolate',
  'mercaptopurine',
  'thioguanine',
  'tacrolimus',
  'cyclosporine',
]);

export interface Timeline {
  periods: TreatmentPeriod[];
  line: LineOfTherapy;
  t0?: IsoDate;
  tLine?: IsoDate;
  /** The ingredient(s) whose start defines the assessed line (second/third line), empty on first line. */
  lineAgents: IngredientId[];
  /** Ingredients taken at the as-of date. */
  current: Set<IngredientId>;
  /** Every ingredient with any exposure on record (dated or not). */
  tried: Set<IngredientId>;
  notes: DataQualityNote[];
}

interface Span {
  ingredient: IngredientId;
  start: number;
  /** Inclusive last day; undefined while ongoing. */
  end?: number;
  refs: string[];
}

export function isSteroid(i: IngredientId): boolean {
  return STEROIDS.has(i);
}

export function isThiopurine(i: IngredientId): boolean {
  return ingredientClass(i) === 'thiopurine';
}

/**
 * @param aihOnset the earliest onset of the AIH diagnosis, when one is recorded: treatment that ended
 * more than {@link MERGE_GAP_DAYS} days before it was not AIH treatment (e.g. a steroid burst for asthma
 * years earlier), so it neither sets T0 nor makes a later course a restart.
 */
export function buildTimeline(
  medications: readonly MedicationExposure[],
  asOf: IsoDate,
  aihOnset?: IsoDate,
): Timeline {
  const asOfDay = dayNumber(asOf)!;
  const onsetDay = dayNumber(aihOnset);
  const notes: DataQualityNote[] = [];
  const tried = new Set<IngredientId>();
  const spans: Span[] = [];
  for (const m of medications) {
    if (!isExposure(m)) continue;
    const span = toSpan(m);
    if (!span) {
      tried.add(m.ingredient);
      notes.push({
        code: 'medication-undated',
        resource: m.ref,
        message: `${m.ingredient}: the record has no date; counted as tried, not placed on the timeline.`,
      });
      continue;
    }
    if (span.start > asOfDay) continue; // starts after the as-of date
    tried.add(m.ingredient);
    spans.push(span);
  }
  const all = mergeSpans(spans);
  const beforeOnset = onsetDay === undefined ? [] : periodsBeforeOnset(all, onsetDay);
  for (const s of beforeOnset) notes.push(beforeOnsetNote(s, aihOnset!));
  const merged = beforeOnset.length === 0 ? all : all.filter((s) => !beforeOnset.includes(s));
  const lines = assignLines(merged, asOfDay);
  const current = new Set(
    merged.filter((s) => s.end === undefined || s.end >= asOfDay).map((s) => s.ingredient),
  );
  const periods: TreatmentPeriod[] = merged.map((s) => ({
    ingredient: s.ingredient,
    start: isoDay(s.start),
    ...(s.end !== undefined ? { end: isoDay(s.end) } : {}),
    ongoing: s.end === undefined,
    refs: s.refs,
    line: lines.lineOf.get(s) ?? 'none',
  }));
  if (lines.assessed.line === 'none' && periods.length > 0)
    notes.push({
      code: 'no-steroid-on-record',
      message: `${[...new Set(periods.map((p) => p.ingredient))].join(', ')} on record but no steroid: first line (a steroid with or without azathioprine) cannot be placed, so the patient counts as untreated; the first-line history may be incomplete.`,
    });
  return { periods, ...lines.assessed, current, tried, notes };
}

/**
 * Periods (renewals already merged) that ended more than the merge gap before the AIH onset: a steroid
 * burst for asthma, methotrexate for arthritis, allopurinol for gout, not AIH treatment. A thiopurine or
 * mycophenolate among them says that history was (most likely) AIH treatment after all — a relapse
 * recorded under a new onset — so then nothing is set aside and the restart rule (v2 §3) applies.
 */
function periodsBeforeOnset(periods: readonly Span[], onsetDay: number): Span[] {
  const before = periods.filter((s) => s.end !== undefined && s.end < onsetDay - MERGE_GAP_DAYS);
  const aihTreatment = before.some((s) => isThiopurine(s.ingredient) || s.ingredient === 'mycophenolate');
  return aihTreatment ? [] : before;
}

function beforeOnsetNote(span: Span, onset: IsoDate): DataQualityNote {
  return {
    code: 'before-aih-onset',
    resource: span.refs[0]!,
    message: `${span.ingredient} ${isoDay(span.start)} to ${isoDay(span.end!)} ended before the AIH diagnosis (onset ${onset.slice(0, 10)}): counted as tried, not as AIH treatment.`,
  };
}

/**
 * Is this one record taken at the as-of date? The same "current" as the timeline's: started on or
 * before as-of, and open or ending on or after it (its own end, not its merged period's).
 */
export function isCurrentRecord(m: MedicationExposure, asOf: IsoDate): boolean {
  if (!isExposure(m)) return false;
  const span = toSpan(m);
  const asOfDay = dayNumber(asOf)!;
  return span !== undefined && span.start <= asOfDay && (span.end === undefined || span.end >= asOfDay);
}

function toSpan(m: MedicationExposure): Span | undefined {
  const days = recordDays(m);
  return days && { ingredient: m.ingredient, ...days, refs: [m.ref] };
}

/**
 * The days one medication record covers: from its start (else its last known date) to its end; open
 * while active or on-hold, else ending on its last known date. Undefined when it carries no date.
 */
export function recordDays(
  m: Pick<MedicationExposure, 'start' | 'end' | 'lastKnown' | 'status'>,
): { start: number; end?: number } | undefined {
  const start = dayNumber(m.start) ?? dayNumber(m.lastKnown);
  if (start === undefined) return undefined;
  const explicitEnd = dayNumber(m.end);
  let end: number | undefined;
  if (explicitEnd !== undefined) end = Math.max(explicitEnd, start);
  else if (ONGOING.has(m.status)) end = undefined;
  else end = Math.max(dayNumber(m.lastKnown) ?? start, start);
  return { start, end };
}

/** Same-ingredient spans merge when the gap between them is ≤ 30 days (§3). */
function mergeSpans(spans: readonly Span[]): Span[] {
  const byIngredient = new Map<IngredientId, Span[]>();
  for (const s of spans) byIngredient.set(s.ingredient, [...(byIngredient.get(s.ingredient) ?? []), s]);
  const out: Span[] = [];
  for (const list of byIngredient.values()) {
    list.sort((a, b) => a.start - b.start);
    let cur: Span | undefined;
    for (const s of list) {
      if (cur && (cur.end === undefined || s.start - cur.end <= MERGE_GAP_DAYS)) {
        cur.end = cur.end === undefined || s.end === undefined ? undefined : Math.max(cur.end, s.end);
        cur.refs.push(...s.refs);
      } else {
        cur = { ...s, refs: [...s.refs] };
        out.push(cur);
      }
    }
  }
  return out.sort((a, b) => a.start - b.start || compareText(a.ingredient, b.ingredient));
}

interface LineAssignment {
  lineOf: Map<Span, LineOfTherapy>;
  assessed: Pick<Timeline, 'line' | 't0' | 'tLine' | 'lineAgents'>;
}

/**
 * First line: a steroid ± azathioprine, or with mycophenolate when both start within 90 days of each
 * other (EASL-2025). Second line: mycophenolate outside first line, mercaptopurine, thioguanine,
 * tacrolimus, cyclosporine. Third line: a different second-line agent started after the first one,
 * or any third-line ingredient (BavenPronk-2022).
 */
function assignLines(spans: readonly Span[], asOfDay: number): LineAssignment {
  const lineOf = new Map<Span, LineOfTherapy>();
  const firstSteroid = spans.find((s) => STEROIDS.has(s.ingredient));
  if (!firstSteroid) {
    for (const s of spans) lineOf.set(s, 'none');
    return { lineOf, assessed: { line: 'none', lineAgents: [] } };
  }
  const s0 = firstSteroid.start;
  let t0 = s0;
  const laterAgents: Span[] = [];
  const restarts = restartDays(spans, s0);
  let mmfWasFirstLine = false;
  for (const s of spans) {
    const cls = ingredientClass(s.ingredient);
    // Mycophenolate with the first steroid is first line; so is first-line mycophenolate restarted with
    // a restarted steroid. Mycophenolate new at a restart stays second line (a switch, not a restart).
    const nearRestart = restarts.some((r) => Math.abs(s.start - r) <= FIRST_LINE_MMF_WINDOW_DAYS);
    const firstLineMmf =
      s.ingredient === 'mycophenolate' &&
      (Math.abs(s.start - s0) <= FIRST_LINE_MMF_WINDOW_DAYS || (mmfWasFirstLine && nearRestart));
    if (STEROIDS.has(s.ingredient) || s.ingredient === 'azathioprine' || firstLineMmf) {
      lineOf.set(s, 'first');
      if (firstLineMmf) mmfWasFirstLine = true;
      // An azathioprine or mycophenolate start shortly before the steroid opens the regimen.
      if (s.ingredient !== 'azathioprine' || s0 - s.start <= FIRST_LINE_MMF_WINDOW_DAYS)
        t0 = Math.min(t0, s.start);
    } else if (SECOND_LINE.has(s.ingredient) || cls === 'third-line') {
      laterAgents.push(s);
    }
  }
  // An agent that ended before first line began (T0) was no line of AIH therapy after it: it counts as
  // tried, but neither as the regimen assessed (whose windows would open before treatment did) nor as a
  // first second-line agent that makes a later one third line.
  const lineAgents = laterAgents.filter((s) => s.end === undefined || s.end >= t0);
  for (const s of laterAgents) if (!lineAgents.includes(s)) lineOf.set(s, 'none');
  const firstSecond = lineAgents.find((s) => SECOND_LINE.has(s.ingredient));
  for (const s of lineAgents) {
    const sameRegimenAsFirst =
      firstSecond !== undefined && SECOND_LINE.has(s.ingredient) && s.start === firstSecond.start;
    const isFirstAgentAgain = firstSecond !== undefined && s.ingredient === firstSecond.ingredient;
    lineOf.set(s, sameRegimenAsFirst || isFirstAgentAgain ? 'second' : 'third');
  }
  for (const s of spans) if (!lineOf.has(s)) lineOf.set(s, lineAt(s.start, spans, lineOf));
  return { lineOf, assessed: assessedLine(lineAgents, lineOf, t0, asOfDay) };
}

/**
 * Starts of steroid periods that restart first line after a gap > 30 days without any first-line agent
 * (rules v2 §3): the restarted regimen keeps T0 and stays first line. Mycophenolate counts towards the
 * gap only when it began with the first steroid (a restarted one is decided from these days).
 */
function restartDays(spans: readonly Span[], s0: number): number[] {
  const restarts: number[] = [];
  let firstLineEnd = -Infinity;
  for (const s of spans) {
    const base =
      STEROIDS.has(s.ingredient) ||
      s.ingredient === 'azathioprine' ||
      (s.ingredient === 'mycophenolate' && Math.abs(s.start - s0) <= FIRST_LINE_MMF_WINDOW_DAYS);
    if (!base) continue;
    if (STEROIDS.has(s.ingredient) && s.start > s0 && s.start - firstLineEnd > MERGE_GAP_DAYS)
      restarts.push(s.start);
    firstLineEnd = s.end === undefined ? Infinity : Math.max(firstLineEnd, s.end);
  }
  return restarts;
}

/** The line an adjunct (allopurinol) belongs to: the latest line begun on or before its start. */
function lineAt(day: number, spans: readonly Span[], lineOf: Map<Span, LineOfTherapy>): LineOfTherapy {
  let line: LineOfTherapy = 'none';
  for (const s of spans) {
    const l = lineOf.get(s);
    if (s.start <= day && l && l !== 'none' && rank(l) > rank(line)) line = l;
  }
  return line;
}

function rank(l: LineOfTherapy): number {
  return { none: 0, first: 1, second: 2, third: 3 }[l];
}

/**
 * The assessed regimen is the current line: the latest-started second- or third-line agent that is
 * still taken at the as-of date, else the latest one started at all (the most recent line), else first line.
 */
function assessedLine(
  laterAgents: readonly Span[],
  lineOf: Map<Span, LineOfTherapy>,
  t0: number,
  asOfDay: number,
): LineAssignment['assessed'] {
  if (laterAgents.length === 0) return { line: 'first', t0: isoDay(t0), tLine: isoDay(t0), lineAgents: [] };
  const ongoing = laterAgents.filter((s) => s.end === undefined || s.end >= asOfDay);
  const pool = ongoing.length > 0 ? ongoing : laterAgents;
  const latestStart = Math.max(...pool.map((s) => s.start));
  const defining = pool.filter((s) => s.start === latestStart);
  const line = defining.map((s) => lineOf.get(s) ?? 'second').sort((a, b) => rank(b) - rank(a))[0]!;
  return {
    line,
    t0: isoDay(t0),
    tLine: isoDay(latestStart),
    lineAgents: [...new Set(defining.map((s) => s.ingredient))],
  };
}

/** Do the given ingredients' periods together cover every day of [from, to]? */
export function covers(
  periods: readonly TreatmentPeriod[],
  ingredients: (i: IngredientId) => boolean,
  from: IsoDate,
  to: IsoDate,
): boolean {
  const start = dayNumber(from)!;
  const end = dayNumber(to)!;
  const spans = periods
    .filter((p) => ingredients(p.ingredient))
    .map((p) => ({ s: dayNumber(p.start)!, e: p.end === undefined ? Infinity : dayNumber(p.end)! }))
    .sort((a, b) => a.s - b.s);
  let reached = start - 1;
  for (const sp of spans) {
    if (sp.s > reached + 1) break;
    reached = Math.max(reached, sp.e);
    if (reached >= end) return true;
  }
  return reached >= end;
}
