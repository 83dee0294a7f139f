/**
 * The whole assessment of one patient at an as-of date (clinical-rules.md §9): normalise the labs,
 * rebuild the timeline, classify the response, add qualifiers, tolerance, safety flags and
 * recommendations, and build the CDS Hooks card. Pure: the as-of date comes from the caller.
 */
import { buildCard } from './card.js';
import { aihOnset, conditionCounts, countingConditions } from './conditions.js';
import { addDays, dayNumber } from './dates.js';
import { normaliseLabs } from './normalise.js';
import { seriesOf } from './panels.js';
import { assessQualifiers } from './qualifiers.js';
import { recommendWithMissing } from './recommend.js';
import { assessResponse, SIX_MONTHS_DAYS } from './response.js';
import { assessSafety } from './safety.js';
import { buildTimeline } from './timeline.js';
import { uniqueBy } from './unique.js';
import { assessTolerance } from './tolerance.js';
import { RULES_VERSION } from './types.js';
import type {
  AssessOptions,
  Assessment,
  DataQualityNote,
  NormalisedValue,
  PatientRecord,
  ResponseStateId,
} from './types.js';

/** The source cited for each state (clinical-rules.md §4). */
export const STATE_SOURCE: Record<ResponseStateId, string> = {
  'not-applicable': 'AIH Navigator rules v2',
  'out-of-scope': 'TAILOR exclusions',
  untreated: 'AIH Navigator rules v2',
  'loss-of-response':
    'Design choice: IAIHG-1999 relapse level and AASLD "exacerbation"; no current consensus threshold',
  'complete-biochemical-response': 'IAIHG-2022; EASL-2025 (Table 7)',
  'late-response': 'IAIHG-2022 vs EASL-2025 "6–12 months"',
  'non-response': 'IAIHG-2022',
  'too-early': 'IAIHG-2022',
  'insufficient-response': 'IAIHG-2022',
  'insufficient-data': 'AIH Navigator rules v2',
};

export function assess(record: PatientRecord, options: AssessOptions): Assessment {
  return assessWithValues(record, options).assessment;
}

/**
 * The assessment together with every normalised lab value it was made from (the app charts them),
 * so a screen never normalises the same record a second time.
 */
export function assessWithValues(
  record: PatientRecord,
  options: AssessOptions,
): { assessment: Assessment; values: NormalisedValue[] } {
  const { assessment: withoutCard, values } = assessWithoutCard(record, options);
  const card = buildCard(withoutCard, {
    asOf: withoutCard.asOf,
    patientId: record.patientId,
    uuid: options.uuid,
    appLaunchUrl: options.appLaunchUrl,
  });
  // The card is added to the object rather than spread into a copy: `{ ...a, card }` is slow in V8.
  const assessment: Assessment = Object.assign(withoutCard, { card });
  return { assessment, values };
}

/**
 * Everything the assessment says but its card, for readers that show no card (the order checks):
 * building the card is a tenth of the assessment's work.
 */
export function assessWithoutCard(
  record: PatientRecord,
  options: AssessOptions,
): { assessment: Omit<Assessment, 'card'>; values: NormalisedValue[] } {
  const asOf = options.asOf.slice(0, 10);
  const asOfDay = dayNumber(asOf);
  if (asOfDay === undefined) throw new RangeError(`asOf must be a date YYYY-MM-DD, got "${options.asOf}"`);

  const { values, notes: labNotes, unread } = normaliseLabs(record, options.site);
  const decidable = values.filter((v) => v.usable && dayNumber(v.date)! <= asOfDay);
  const series = seriesOf(decidable.filter((v) => v.xUln !== undefined));
  const conditions = countingConditions(record.conditions, asOf, record.procedures);
  const uncodedConditions = record.uncodedConditions?.filter((c) => conditionCounts(c, asOf)) ?? [];
  const timeline = buildTimeline(record.medications, asOf, aihOnset(record.conditions));

  const response = assessResponse({
    asOf,
    series,
    timeline,
    conditions: new Set(conditions.keys()),
    gaps: record.gaps,
    unread: record.unreadResults ? [...record.unreadResults, ...unread] : unread,
    unknownDrugs: record.unknownDrugs,
    uncodedConditions,
  });
  const safety = assessSafety({ record, asOf, values: decidable, conditions, uncodedConditions, timeline });
  const tolerance = assessTolerance(record, timeline, asOf);
  const qualifiers = assessQualifiers(response.state, series, timeline, asOf, response.evidence);
  const { recommendations, missing: recommendationMissing } = recommendWithMissing({
    state: response.state,
    qualifiers: qualifiers.qualifiers,
    timeline,
    intolerance: tolerance.intolerance,
    actionableIntolerance: tolerance.actionable,
    safetyFlags: safety.flags,
    values: decidable,
    medications: record.medications,
    asOf,
  });

  const withoutCard: Omit<Assessment, 'card'> = {
    rulesVersion: RULES_VERSION,
    patientId: record.patientId,
    asOf,
    response: response.state,
    qualifiers: qualifiers.qualifiers,
    line: timeline.line,
    intolerance: tolerance.intolerance,
    actionableIntolerance: tolerance.actionable,
    recommendations,
    safetyFlags: safety.flags,
    missing: [...response.missing, ...recommendationMissing],
    dataQuality: [
      ...record.dataQuality,
      ...labNotes,
      ...timeline.notes,
      ...tolerance.notes,
      ...safety.notes,
      ...gapNotes(record),
    ],
    evidence: uniqueBy(
      [...response.evidence, ...qualifiers.evidence, ...safety.evidence],
      (e) => `${e.resource}|${e.role}`,
    ),
    explanation: {
      ruleId: response.state,
      source: STATE_SOURCE[response.state],
      text: response.text,
      ...(timeline.t0 ? { t0: timeline.t0 } : {}),
      ...(timeline.tLine
        ? { tLine: timeline.tLine, sixMonthDate: addDays(timeline.tLine, SIX_MONTHS_DAYS) }
        : {}),
      regimen: [...timeline.current].sort(),
      ...(response.baseline ? { baseline: response.baseline } : {}),
    },
    periods: timeline.periods,
  };
  return { assessment: withoutCard, values };
}

/** Every load gap is visible, including those that do not change the state (e.g. allergies). */
function gapNotes(record: PatientRecord): DataQualityNote[] {
  return record.gaps.map((g) => ({
    code: 'load-gap',
    message: `${g.resourceType} could not be read completely (${g.reason}); the assessment may be incomplete.`,
  }));
}
