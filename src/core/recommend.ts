/**
 * Recommendations (clinical-rules.md §6), in the listed order. Each is `suggested`, or `blocked`
 * with the safety flags that block it (blocked ones stay visible). Texts, grades and evidence come
 * from the recommendation catalogue.
 */
import { isAbove, isAtLeast } from './bounds.js';
import {
  atTargetDose,
  azathioprineDose,
  belowTarget,
  withDose,
  type AzathioprineDose,
} from './azathioprine-dose.js';
import { RECOMMENDATION_CATALOGUE, type CatalogueEntry } from './recommendation-catalogue.js';
import { latestRecent, recentValues } from './recent.js';
import { isThiopurine, type Timeline } from './timeline.js';
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
export { AZA_TARGET_MG_PER_KG, WEIGHT_WINDOW_DAYS } from './azathioprine-dose.js';
/** The `missing` entry when a recommendation depends on an azathioprine dose that is unknown (§1). */
export const MISSING_AZATHIOPRINE_DOSE = 'azathioprine-dose';

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

export interface RecommendOutcome {
  recommendations: RecommendationResult[];
  /** What a recommendation needed and the record lacks (`azathioprine-dose`). */
  missing: string[];
}

export function recommend(input: RecommendInput): RecommendationResult[] {
  return recommendWithMissing(input).recommendations;
}

export function recommendWithMissing(input: RecommendInput): RecommendOutcome {
  if (input.state === 'not-applicable') return { recommendations: [], missing: [] };
  const dose = azathioprineDose(input.medications, input.values, input.asOf);
  const { ids, doseDecides } = applicableIds(input, dose);
  const recommendations = ids.map((id) => withDose(toResult(id, input.safetyFlags), dose));
  const doseUnknown = dose.current.mgPerDay === undefined && dose.current.records.length > 0;
  return { recommendations, missing: doseDecides && doseUnknown ? [MISSING_AZATHIOPRINE_DOSE] : [] };
}

function applicableIds(
  input: RecommendInput,
  dose: AzathioprineDose,
): { ids: RecommendationId[]; doseDecides: boolean } {
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
  if (outOfScope) return { ids, doseDecides: false }; // no drug suggestion outside the scope of the rules

  const intolerant = (i: IngredientId) => input.intolerance.includes(i); // any, not only actionable
  const can = (i: IngredientId) => !timeline.tried.has(i) && !intolerant(i);
  const onThiopurine = [...timeline.current].some(isThiopurine);
  const onAzathioprine = timeline.current.has('azathioprine');
  const metabolites = latestMetabolites(input);
  // Allopurinol co-therapy or 6-TGN ≥ 220 in 180 days: already optimised, whatever the dose (v2 §6).
  const optimisedWithoutDose = isOptimisedWithoutDose(input);
  const optimised = optimisedWithoutDose || atTargetDose(timeline, dose);
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
  // Never on allopurinol co-therapy or with 6-TGN ≥ 220 (v2): raising azathioprine on allopurinol
  // multiplies thiopurine exposure; those patients go on to mmf-after-optimisation / consider-tacrolimus.
  add(
    'optimise-azathioprine',
    failing &&
      onAzathioprine &&
      mmp6Raised === false &&
      !optimisedWithoutDose &&
      belowTarget(dose) &&
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
  // The dose decides when it is to be raised or cut, or when only it could show optimisation done.
  const doseDecides =
    ids.includes('optimise-azathioprine') ||
    ids.includes('add-allopurinol') ||
    (state === 'insufficient-response' && onAzathioprine && !optimisedWithoutDose);
  return { ids, doseDecides };
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
    text: withPregnancyNote(entry, flags),
    grade: entry.grade,
    evidence: entry.evidence,
  };
}

/** The catalogue text, with its pregnancy or contraception sentence only where it applies (v2 §8). */
function withPregnancyNote(entry: CatalogueEntry, flags: readonly SafetyFlagId[]): string {
  const note = entry.pregnancyNote;
  return note && note.when.some((f) => flags.includes(f)) ? `${entry.text} ${note.text}` : entry.text;
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

/**
 * Optimisation shown without the dose: allopurinol co-therapy, or any 6-TGN ≥ 220 in the last 180 days
 * (v2 §6 reads "no 6-TGN ≥ 220 in the last 180 days": a therapeutic level on record within the window,
 * even with a lower one the same day or later, means azathioprine is not to be raised).
 */
function isOptimisedWithoutDose(input: RecommendInput): boolean {
  const { timeline, values, asOf } = input;
  if (![...timeline.current].some(isThiopurine)) return false;
  if (timeline.current.has('allopurinol')) return true;
  return recentValues(values, 'tgn6', asOf, METABOLITE_WINDOW_DAYS).some(
    (v) => isAtLeast(v.value, v.comparator, TGN6_THERAPEUTIC) === true,
  );
}
