/** Condition → one ConditionRecord per condition id its codes name; statuses are kept for the core to judge. */
import { matchConditions } from '../../core/codes.js';
import type { ConditionId, ConditionRecord, ResourceRef } from '../../core/types.js';
import type { CodeableConcept } from '../schemas/datatypes.js';
import { resourceParsers } from '../schemas/parsers.js';
import { conceptNames } from './concept-names.js';
import { fullDate } from './dates.js';
import { NOTE, describeZodError, type NoteSink } from './notes.js';
import { statusCode } from './status-code.js';

/** Diagnoses that decide the response state; written without a recognised code they would be missed. */
const KEY_CONDITION_TEXT: readonly [ConditionId, RegExp][] = [
  ['aih', /autoimmune hepatitis|\bAIH\b/i],
  ['cirrhosis', /cirrho/i],
  ['pbc', /primary biliary|\bPBC\b/i],
  ['psc', /primary sclerosing|\bPSC\b/i],
  ['liver-transplant', /liver transplant/i],
];

/** The first text of the code (text, then displays) that names a key diagnosis, with that diagnosis. */
function conditionText(
  code: CodeableConcept | undefined,
): { text: string; condition: ConditionId } | undefined {
  for (const text of conceptNames(code)) {
    const named = KEY_CONDITION_TEXT.find(([, pattern]) => pattern.test(text));
    if (named) return { text, condition: named[0] };
  }
  return undefined;
}

export interface MappedConditions {
  /** Coded: what the rules read (§1). */
  records: ConditionRecord[];
  /**
   * A key diagnosis written without a recognised code: never read as that diagnosis, but the core must not
   * be confident past it (an AIH, PBC or transplant it cannot see).
   */
  uncoded?: ConditionRecord;
}

export function mapCondition(raw: unknown, ref: ResourceRef, note: NoteSink): MappedConditions {
  const parsed = resourceParsers.condition.safeParse(raw);
  if (!parsed.success) {
    note(NOTE.invalidResource, `Invalid Condition: ${describeZodError(parsed.error)}`);
    return { records: [] };
  }
  const condition = parsed.data;
  const ids = matchConditions(condition.code?.coding ?? []);
  const named = ids.length === 0 ? conditionText(condition.code) : undefined;
  if (named)
    note(
      NOTE.conditionNotCoded,
      `Condition "${named.text}" has no recognised SNOMED CT or ICD-10 code and is not used`,
    );
  if (ids.length === 0 && !named) return { records: [] };
  const clinicalStatus = statusCode(condition.clinicalStatus);
  const verificationStatus = statusCode(condition.verificationStatus);
  const onset =
    fullDate(condition.onsetDateTime, 'onsetDateTime', note) ??
    fullDate(condition.onsetPeriod?.start, 'onsetPeriod.start', note);
  const abatement =
    fullDate(condition.abatementDateTime, 'abatementDateTime', note) ??
    fullDate(condition.abatementPeriod?.start, 'abatementPeriod.start', note);
  const recorded = fullDate(condition.recordedDate, 'recordedDate', note);
  // One literal of one shape for every record (absent elements stay undefined).
  const recordOf = (id: ConditionId): ConditionRecord => ({
    ref,
    condition: id,
    clinicalStatus: clinicalStatus || undefined,
    verificationStatus: verificationStatus || undefined,
    onset: onset || undefined,
    abatement: abatement || undefined,
    recorded: recorded || undefined,
  });
  return named ? { records: [], uncoded: recordOf(named.condition) } : { records: ids.map(recordOf) };
}
