/**
 * The response state at the as-of date (clinical-rules.md §4), evaluated in the rule order; the first
 * state that applies wins. Each result carries the deciding observations and, for
 * insufficient-data, exactly what is missing.
 */
import { isAbove, isAboveUln, xUlnAbove } from './bounds.js';
import { ANALYTE_LABEL } from './codes.js';
import { reportFallPercent, reportXUln } from './report-round.js';
import { addDays, dayNumber } from './dates.js';
import {
  baselineOf,
  firstCbrPanel,
  firstLossEvent,
  latestOnOrBefore,
  WEEK4_LAST_DAY,
  week4Of,
  type Series,
} from './panels.js';
import type { Timeline } from './timeline.js';
import type {
  ConditionId,
  ConditionRecord,
  EvidenceItem,
  IsoDate,
  LoadGap,
  NormalisedValue,
  ResourceRef,
  ResponseStateId,
  UnreadResult,
} from './types.js';
import { unreadAfter, unreadMissing } from './unread-results.js';

export const SIX_MONTHS_DAYS = 183;
export const LATEST_WINDOW_FROM_DAYS = 150;
export const NON_RESPONSE_FALL = 0.5;
/** Non-response needs a baseline > 2×ULN (rules v2 §4): a normal or mildly raised baseline cannot halve. */
export const NON_RESPONSE_BASELINE_X_ULN = 2;

export interface ResponseInput {
  asOf: IsoDate;
  series: Series;
  timeline: Timeline;
  conditions: ReadonlySet<ConditionId>;
  gaps: readonly LoadGap[];
  /** ALT, AST and IgG results recognised but not usable (unread-results.ts); none when absent. */
  unread?: readonly UnreadResult[];
  /** Medication records whose drug is unknown; none when absent. */
  unknownDrugs?: readonly ResourceRef[];
  /** Key diagnoses written in text only that count at the as-of date (status, verification); none when absent. */
  uncodedConditions?: readonly ConditionRecord[];
}

export interface ResponseResult {
  state: ResponseStateId;
  text: string;
  evidence: EvidenceItem[];
  missing: string[];
  baseline?: EvidenceItem;
  /** Set when a CBR panel was found: used by the latest-above-uln qualifier. */
  cbrDay?: number;
}

export function evidenceOf(v: NormalisedValue, role: string): EvidenceItem {
  return {
    analyte: v.analyte,
    date: v.date,
    // Never rounded onto a threshold the raw value did not meet (40.1/40 shows as 1.01, not 1).
    ...(v.xUln !== undefined ? { xUln: reportXUln(v.xUln) } : {}),
    value: v.value,
    ...(v.comparator ? { comparator: v.comparator } : {}),
    unit: v.unit,
    ...(v.uln !== undefined ? { uln: v.uln } : {}),
    ...(v.ulnSource ? { ulnSource: v.ulnSource } : {}),
    resource: v.ref,
    role,
  };
}

const gapOf = (gaps: readonly LoadGap[], ...types: string[]) =>
  gaps.filter((g) => types.includes(g.resourceType));
const gapMissing = (gaps: readonly LoadGap[]) =>
  gaps.map((g) => `${g.resourceType}: could not be read (${g.reason})`);

export function assessResponse(input: ResponseInput): ResponseResult {
  const { conditions, timeline, gaps } = input;
  const conditionGaps = gapOf(gaps, 'Condition');
  if (conditionGaps.length > 0)
    return insufficient(
      'The diagnoses could not be read, so AIH and exclusions cannot be checked.',
      gapMissing(conditionGaps),
    );
  const uncoded = input.uncodedConditions ?? [];
  const textOnly = (...ids: ConditionId[]) => uncoded.filter((c) => ids.includes(c.condition));
  if (!conditions.has('aih')) {
    // AIH written only in text: the rules read coded diagnoses, but "no AIH" is not known either.
    const aih = textOnly('aih');
    if (aih.length > 0)
      return insufficient(
        'Autoimmune hepatitis is recorded only as text, without a recognised code.',
        aih.map(
          (c) =>
            `aih: ${c.ref} names autoimmune hepatitis without a SNOMED CT or ICD-10 code; add a code to assess it`,
        ),
      );
    return plain('not-applicable', 'No autoimmune hepatitis diagnosis is recorded.');
  }
  if (conditions.has('liver-transplant') || conditions.has('pbc') || conditions.has('psc'))
    return plain('out-of-scope', outOfScopeText(conditions));
  // A transplant or variant syndrome written only in text may put the patient out of scope.
  const exclusions = textOnly('liver-transplant', 'pbc', 'psc');
  if (exclusions.length > 0)
    return insufficient(
      'A liver transplant or variant syndrome is recorded only as text, so it cannot be excluded.',
      exclusions.map(
        (c) =>
          `${c.condition}: ${c.ref} is written without a SNOMED CT or ICD-10 code; the patient may be out of scope`,
      ),
    );
  // A transplant recorded only as a Procedure makes the patient out of scope (rules v2 §1): unread, it cannot be excluded.
  const procedureGaps = gapOf(gaps, 'Procedure');
  if (procedureGaps.length > 0)
    return insufficient(
      'The procedures could not be read, so a liver transplant cannot be excluded.',
      gapMissing(procedureGaps),
    );
  const medicationGaps = gapOf(gaps, 'MedicationRequest', 'MedicationStatement');
  if (medicationGaps.length > 0)
    return insufficient('The medication history could not be read completely.', gapMissing(medicationGaps));
  if (timeline.line === 'none' || !timeline.tLine) {
    // A record whose drug is unknown may be the first-line treatment: "no exposure" is not known then.
    const unknown = input.unknownDrugs ?? [];
    if (unknown.length > 0)
      return insufficient(
        'No first-line treatment is recognised, but the drug of some medication records is unknown.',
        unknown.map(
          (ref) =>
            `medication: the drug of ${ref} is unknown (its Medication was not available, it is named only by codes not recognised, or the record could not be read); first-line treatment cannot be excluded`,
        ),
      );
    return plain(
      'untreated',
      'No first-line treatment (a steroid with or without azathioprine) is recorded.',
    );
  }
  const labGaps = gapOf(gaps, 'Observation');
  if (labGaps.length > 0)
    return insufficient('The lab results could not be read completely.', gapMissing(labGaps));
  return assessOnTreatment(input, timeline.tLine);
}

function assessOnTreatment(input: ResponseInput, tLine: IsoDate): ResponseResult {
  const { series, asOf } = input;
  const tLineDay = dayNumber(tLine)!;
  const asOfDay = dayNumber(asOf)!;
  const sixMonthDay = tLineDay + SIX_MONTHS_DAYS;
  const baseline = baselineOf(series, tLineDay);
  const baselineEvidence = baseline ? evidenceOf(baseline, 'baseline') : undefined;
  const withBaseline = (r: ResponseResult): ResponseResult =>
    baselineEvidence ? { ...r, baseline: baselineEvidence } : r;

  const panel = firstCbrPanel(series, tLineDay);
  if (panel) {
    const panelEvidence = panel.values.map((v) => evidenceOf(v, 'cbr-panel'));
    const loss = firstLossEvent(series, panel.day);
    if (loss)
      return withBaseline({
        state: 'loss-of-response',
        text: `Complete biochemical response on ${panel.date}, then ${lossText(loss.kind)} on ${loss.date}.`,
        evidence: [...panelEvidence, ...loss.values.map((v) => evidenceOf(v, 'loss-event'))],
        missing: [],
        cbrDay: panel.day,
      });
    // "No loss event followed" is known only when every later ALT and AST could be read.
    const hidden = unreadAfter(input.unread, ['alt', 'ast'], panel.day, asOfDay);
    if (hidden.length > 0)
      return withBaseline({
        state: 'insufficient-data',
        text: `ALT, AST and IgG were all ≤ 1×ULN on ${panel.date}, but later results could not be read, so a loss of response cannot be excluded.`,
        evidence: panelEvidence,
        missing: unreadMissing(
          hidden,
          `a loss of response after the CBR panel of ${panel.date} cannot be excluded`,
        ),
      });
    const inTime = panel.day <= sixMonthDay;
    return withBaseline({
      state: inTime ? 'complete-biochemical-response' : 'late-response',
      text: inTime
        ? `ALT, AST and IgG all ≤ 1×ULN by ${panel.date}, within 6 months of the regimen's start (${tLine}).`
        : `ALT, AST and IgG first all ≤ 1×ULN on ${panel.date}, after the 6-month mark (${addDays(tLine, SIX_MONTHS_DAYS)}): an insufficient response at 6 months by IAIHG criteria.`,
      evidence: panelEvidence,
      missing: [],
      cbrDay: panel.day,
    });
  }

  const nonResponse = assessNonResponse(series, baseline, tLineDay, asOfDay, input.unread);
  // Non-response withheld for a week-4 result that could not be read is insufficient-data while the
  // 6-month mark lies ahead; after it, the 6-month rule decides (a failure either way), and the hidden
  // week-4 result stays named in `missing`.
  const withheld = nonResponse?.state === 'insufficient-data' ? nonResponse : undefined;
  if (nonResponse && (!withheld || asOfDay < sixMonthDay)) return withBaseline(nonResponse);

  if (asOfDay < sixMonthDay)
    return withBaseline({
      state: 'too-early',
      text: `The regimen started on ${tLine}; response is judged at 6 months, on ${addDays(tLine, SIX_MONTHS_DAYS)}.`,
      evidence: [],
      missing: [],
    });

  const atSixMonths = assessAtSixMonths(series, tLineDay, asOfDay, tLine, input.unread);
  return withBaseline(
    withheld ? { ...atSixMonths, missing: [...atSixMonths.missing, ...withheld.missing] } : atSixMonths,
  );
}

function assessNonResponse(
  series: Series,
  baseline: NormalisedValue | undefined,
  tLineDay: number,
  asOfDay: number,
  unread: readonly UnreadResult[] | undefined,
): ResponseResult | undefined {
  if (!baseline) return undefined;
  // "The latest value in the week-4 window" is known only once the window has closed: until the end of
  // day 42 a later result may still show the 50 % fall, so an open window never declares non-response
  // (the state is then decided further down: too-early).
  if (asOfDay <= tLineDay + WEEK4_LAST_DAY) return undefined;
  // Only a baseline known to be > 2×ULN (exactly 2.0 is not) can show this criterion; otherwise the
  // state is decided further down the table (e.g. a regimen switched in remission).
  if (xUlnAbove(baseline, NON_RESPONSE_BASELINE_X_ULN) !== true) return undefined;
  const week4 = week4Of(series, baseline.analyte as 'alt' | 'ast', tLineDay);
  if (!week4) return undefined;
  // Same unit: compare values; otherwise compare ×ULN so that different labs stay comparable.
  const sameUnit = week4.unit === baseline.unit;
  const b = sameUnit ? baseline.value : baseline.xUln;
  const w = sameUnit ? week4.value : week4.xUln;
  if (b === undefined || w === undefined || b <= 0) return undefined;
  if (baseline.comparator === '>' || baseline.comparator === '>=') return undefined; // true baseline unknown
  if (isAbove(w, week4.comparator, NON_RESPONSE_FALL * b) !== true) return undefined;
  const fall = reportFallPercent(1 - w / b);
  const name = ANALYTE_LABEL[baseline.analyte];
  const evidence = [evidenceOf(baseline, 'baseline'), evidenceOf(week4, 'week-4')];
  // A later result in the window that could not be read may be the latest one, and may show the fall:
  // a critical card is not issued on a value that may not be the latest.
  const week4End = tLineDay + WEEK4_LAST_DAY;
  const hidden = unreadAfter(unread, [baseline.analyte], dayNumber(week4.date)!, week4End);
  if (hidden.length > 0)
    return {
      state: 'insufficient-data',
      text: `${name} fell by ${fall}% from baseline (${baseline.date}) to ${week4.date}, but a later week-4 result could not be read, so the latest week-4 value is not known.`,
      evidence,
      missing: unreadMissing(
        hidden,
        'the latest week-4 value is not known, so non-response cannot be decided',
      ),
    };
  return {
    state: 'non-response',
    text: `${name} fell by ${fall}% from baseline (${baseline.date}) to week 4 (${week4.date}): less than the 50% that IAIHG requires.`,
    evidence,
    missing: [],
  };
}

/** No CBR panel at all: insufficient response when a latest value since Tline + 150 d is above ULN. */
function assessAtSixMonths(
  series: Series,
  tLineDay: number,
  asOfDay: number,
  tLine: IsoDate,
  unread: readonly UnreadResult[] | undefined,
): ResponseResult {
  const from = tLineDay + LATEST_WINDOW_FROM_DAYS;
  const fromDate = addDays(tLine, LATEST_WINDOW_FROM_DAYS);
  const latest = (['alt', 'ast', 'igg'] as const).map((a) => {
    const v = latestOnOrBefore(series[a], asOfDay);
    return { analyte: a, value: v && dayNumber(v.date)! >= from ? v : undefined };
  });
  const above = latest.filter((l) => l.value && isAboveUln(l.value));
  // A result that could not be read, later than a raised one, may be the latest of its analyte.
  const hidden = above.map((l) => unreadAfter(unread, [l.analyte], dayNumber(l.value!.date)!, asOfDay));
  if (above.length > 0 && hidden.every((h) => h.length > 0))
    return {
      state: 'insufficient-data',
      text: `No complete biochemical response by 6 months (${addDays(tLine, SIX_MONTHS_DAYS)}), but later results could not be read, so the latest values are not known.`,
      evidence: above.map((l) => evidenceOf(l.value!, 'latest')),
      missing: unreadMissing(hidden.flat(), 'the latest result is not known'),
    };
  if (above.length > 0) {
    const names = above.map((l) => ANALYTE_LABEL[l.analyte]).join(', ');
    return {
      state: 'insufficient-response',
      text: `No complete biochemical response by 6 months (${addDays(tLine, SIX_MONTHS_DAYS)}); the latest ${names} since ${fromDate} is above the upper limit of normal.`,
      evidence: above.map((l) => evidenceOf(l.value!, 'latest')),
      missing: [],
    };
  }
  const missing = latest
    .filter((l) => !l.value)
    .map(
      (l) =>
        `${l.analyte}: no usable ${ANALYTE_LABEL[l.analyte]} result on or after ${fromDate} (Tline + 150 d)`,
    );
  if (missing.length === 0)
    missing.push(
      `panel: no ALT, AST and IgG all ≤ 1×ULN within 31 days of each other on or after ${fromDate}`,
    );
  return {
    state: 'insufficient-data',
    text: 'The response at 6 months cannot be decided from the results on record.',
    evidence: latest.filter((l) => l.value).map((l) => evidenceOf(l.value!, 'latest')),
    missing,
  };
}

function lossText(kind: 'alt-above-2x' | 'two-consecutive-above-uln'): string {
  return kind === 'alt-above-2x'
    ? 'ALT above 2×ULN'
    : 'ALT or AST above 1×ULN on two consecutive results at least 14 days apart';
}

function outOfScopeText(conditions: ReadonlySet<ConditionId>): string {
  if (conditions.has('liver-transplant'))
    return 'Liver transplant recipient: outside the scope of these rules.';
  return 'Variant syndrome (AIH with PBC or PSC): outside the scope of these rules.';
}

function plain(state: ResponseStateId, text: string): ResponseResult {
  return { state, text, evidence: [], missing: [] };
}

function insufficient(text: string, missing: string[]): ResponseResult {
  return { state: 'insufficient-data', text, evidence: [], missing };
}
