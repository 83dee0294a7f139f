/**
 * Recommendations (clinical-rules.md §6), in the listed order. Each is `suggested`, or `blocked`
 * with the safety flags that block it (blocked ones stay visible). Texts, grades and evidence come
 * from the recommendation catalogue.
 */
import { isAbove, isAtLeast } from './bounds.js';
import { dayNumber } from './dates.js';
import { RECOMMENDATION_CATALOGUE } from './recommendation-catalogue.js';
import { latestRecent } from './recent.js';
import { isCurrentRecord, isThiopurine, type Timeline } from './timeline.js';
import type {
  IngredientId,
  IsoDate,
  MedicationExposure,
  NormalisedValue,
  QualifierId,
  RecommendationId,
  RecommendationResult,
  ResponseStateId,
  SafetyFlagId,
} from './types.js';

export const METABOLITE_WINDOW_DAYS = 180;
export const MMP6_RAISED = 5700;
export const TGN6_THERAPEUTIC = 220;
export const AZA_TARGET_MG_PER_KG = 2;
export const WEIGHT_WINDOW_DAYS = 365;

const BLOCKED_BY: Partial<Record<RecommendationId, SafetyFlagId[]>> = {
  'switch-to-mmf': ['pregnancy'],
  'mmf-after-optimisation': ['pregnancy'],
  'switch-to-mmf-after-cni': ['pregnancy'],
  'add-allopurinol': ['pregnancy'],
  'switch-to-budesonide': ['cirrhosis'],
};
const WARNED_BY: Partial<Record<RecommendationId, SafetyFlagId[]>> = {
  'switch-to-mmf': ['reproductive-potential', 'leukopenia'],
  'mmf-after-optimisation': ['reproductive-potential', 'leukopenia'],
  'switch-to-mmf-after-cni': ['reproductive-potential', 'leukopenia'],
  'consider-tacrolimus': ['egfr-below-60'],
  'optimise-azathioprine': ['leukopenia'],
  'add-allopurinol': ['leukopenia'],
  'switch-to-mercaptopurine-or-thioguanine': ['leukopenia'],
};

export interface RecommendInput {
  state: ResponseStateId;
  qualifiers: readonly QualifierId[];
  timeline: Timeline;
  intolerance: readonly IngredientId[];
  actionableIntolerance: readonly IngredientId[];
  safetyFlags: readonly SafetyFlagId[];
  values: readonly NormalisedValue[];
  medications: readonly MedicationExposure[];
  asOf: IsoDate;
}

export function recommend(input: RecommendInput): RecommendationResult[] {
  if (input.state === 'not-applicable') return [];
  const ids = applicableIds(input);
  return ids.map((id) => toResult(id, input.safetyFlags));
}

function applicableIds(input: RecommendInput): RecommendationId[] {
  const { state, qualifiers, timeline, safetyFlags } = input;
  const failing = state === 'insufficient-response' || state === 'loss-of-response';
  const secondLineFailure = qualifiers.includes('second-line-failure');
  const thirdLineFailing =
    timeline.line === 'third' &&
    ['insufficient-response', 'non-response', 'loss-of-response'].includes(state);
  const ids: RecommendationId[] = [];
  const add = (id: RecommendationId, when: boolean) => {
    if (when) ids.push(id);
  };
  const outOfScope = state === 'out-of-scope';
  add(
    'refer-specialist-centre',
    outOfScope ||
      safetyFlags.includes('decompensated') ||
      state === 'non-response' ||
      secondLineFailure ||
      thirdLineFailing,
  );
  if (outOfScope) return ids; // no drug suggestion outside the scope of the rules

  const intolerant = (i: IngredientId) => input.intolerance.includes(i); // any, not only actionable
  const can = (i: IngredientId) => !timeline.tried.has(i) && !intolerant(i);
  const onThiopurine = [...timeline.current].some(isThiopurine);
  const onAzathioprine = timeline.current.has('azathioprine');
  const metabolites = latestMetabolites(input);
  const optimised = isOptimised(input, metabolites.tgn6);
  const actionable = (i: IngredientId) => input.actionableIntolerance.includes(i);
  const anyThiopurineIntolerance = input.intolerance.some(isThiopurine);
  const lineAgent = (i: IngredientId) => timeline.lineAgents.includes(i);

  add('reconsider-diagnosis', state === 'non-response');
  add('check-adherence', failing || state === 'non-response');
  // Conservative reading of "no 6-TGN/6-MMP": measure when either is missing, as both steer the next step.
  add('measure-thiopurine-metabolites', failing && onThiopurine && (!metabolites.tgn6 || !metabolites.mmp6));
  const mmp6 = metabolites.mmp6;
  const mmp6Raised = mmp6 ? isAbove(mmp6.value, mmp6.comparator, MMP6_RAISED) : undefined;
  // A drug is never suggested to a patient with a recorded intolerance to it: neither a higher
  // azathioprine dose, nor allopurinol, nor the 25 % azathioprine dose that comes with allopurinol.
  // Intolerance is not a §7 safety flag, so these are left out rather than blocked.
  add(
    'optimise-azathioprine',
    failing &&
      onAzathioprine &&
      mmp6Raised === false &&
      azathioprineBelowTarget(input) &&
      !intolerant('azathioprine'),
  );
  add(
    'add-allopurinol',
    failing &&
      onAzathioprine &&
      mmp6Raised === true &&
      !timeline.current.has('allopurinol') &&
      !intolerant('allopurinol') &&
      !intolerant('azathioprine'),
  );
  add(
    'switch-to-mmf',
    can('mycophenolate') &&
      (input.actionableIntolerance.some(isThiopurine) ||
        (failing && !onThiopurine && anyThiopurineIntolerance)),
  );
  add(
    'switch-to-mercaptopurine-or-thioguanine',
    actionable('azathioprine') && can('mercaptopurine') && can('thioguanine'),
  );
  add('switch-to-budesonide', (actionable('prednisone') || actionable('prednisolone')) && can('budesonide'));
  const insufficientAfterOptimisation = state === 'insufficient-response' && optimised;
  add('mmf-after-optimisation', insufficientAfterOptimisation && can('mycophenolate'));
  add(
    'consider-tacrolimus',
    (insufficientAfterOptimisation || (secondLineFailure && lineAgent('mycophenolate'))) && can('tacrolimus'),
  );
  add(
    'switch-to-mmf-after-cni',
    secondLineFailure && (lineAgent('tacrolimus') || lineAgent('cyclosporine')) && can('mycophenolate'),
  );
  add(
    'continue-current-therapy',
    (state === 'complete-biochemical-response' || state === 'late-response') &&
      input.actionableIntolerance.length === 0,
  );
  add('reassess-at-6-months', state === 'too-early');
  return ids;
}

function toResult(id: RecommendationId, flags: readonly SafetyFlagId[]): RecommendationResult {
  const entry = RECOMMENDATION_CATALOGUE[id];
  const blockedBy = (BLOCKED_BY[id] ?? []).filter((f) => flags.includes(f));
  const warnings = (WARNED_BY[id] ?? []).filter((f) => flags.includes(f));
  return {
    id,
    status: blockedBy.length > 0 ? 'blocked' : 'suggested',
    blockedBy,
    warnings,
    source: entry.source,
    title: entry.title,
    text: entry.text,
    grade: entry.grade,
    evidence: entry.evidence,
  };
}

interface Metabolites {
  tgn6?: NormalisedValue;
  mmp6?: NormalisedValue;
}

function latestMetabolites({ values, asOf }: RecommendInput): Metabolites {
  return {
    tgn6: latestRecent(values, 'tgn6', asOf, METABOLITE_WINDOW_DAYS),
    mmp6: latestRecent(values, 'mmp6', asOf, METABOLITE_WINDOW_DAYS),
  };
}

/** Optimisation done: azathioprine ≥ 2 mg/kg/day, or allopurinol co-therapy, or 6-TGN ≥ 220. */
function isOptimised(input: RecommendInput, tgn6: NormalisedValue | undefined): boolean {
  const { timeline } = input;
  if (![...timeline.current].some(isThiopurine)) return false;
  if (timeline.current.has('allopurinol')) return true;
  if (tgn6 && isAtLeast(tgn6.value, tgn6.comparator, TGN6_THERAPEUTIC) === true) return true;
  const mgPerKg = azathioprineMgPerKg(input);
  return timeline.current.has('azathioprine') && mgPerKg !== undefined && mgPerKg >= AZA_TARGET_MG_PER_KG;
}

/** Current dose < 2 mg/kg/day, or weight (or dose) unknown: optimisation is still open. */
function azathioprineBelowTarget(input: RecommendInput): boolean {
  const mgPerKg = azathioprineMgPerKg(input);
  return mgPerKg === undefined || mgPerKg < AZA_TARGET_MG_PER_KG;
}

/**
 * The *current* dose (§6): only records taken at the as-of date count, so the dose of an ended record
 * never stands in for today's; with none, the dose is unknown. Of several current dosed records the
 * latest-started; on the same start day the lower dose (optimisation stays open, as when unknown).
 */
function azathioprineMgPerKg({ medications, values, asOf }: RecommendInput): number | undefined {
  const startOf = (m: MedicationExposure) => dayNumber(m.start ?? m.lastKnown) ?? 0;
  const dosed = medications
    .filter((m) => m.ingredient === 'azathioprine' && m.dailyDoseMg !== undefined && m.dailyDoseMg > 0)
    .filter((m) => isCurrentRecord(m, asOf))
    .sort((a, b) => startOf(a) - startOf(b) || b.dailyDoseMg! - a.dailyDoseMg!);
  const dose = dosed.at(-1)?.dailyDoseMg;
  // A weight given only as a bound (">100 kg") cannot give a dose per kilogram.
  const weight = latestRecent(
    values.filter((v) => !v.comparator),
    'weight',
    asOf,
    WEIGHT_WINDOW_DAYS,
  );
  if (dose === undefined || !weight || weight.value <= 0) return undefined;
  return dose / weight.value;
}
