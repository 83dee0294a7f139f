/** Condition → one ConditionRecord per condition id its codes name; statuses are kept for the core to judge. */
import { matchConditions } from '../../core/codes.js';
import type { ConditionRecord, ResourceRef } from '../../core/types.js';
import type { CodeableConcept } from '../schemas/datatypes.js';
import { resourceParsers } from '../schemas/parsers.js';
import { fullDate } from './dates.js';
import { NOTE, describeZodError, type NoteSink } from './notes.js';
import { statusCode } from './status-code.js';

/** Diagnoses that decide the response state; written without a recognised code they would be missed. */
const KEY_CONDITION_TEXT =
  /autoimmune hepatitis|\bAIH\b|cirrho|primary biliary|\bPBC\b|primary sclerosing|\bPSC\b|liver transplant/i;

function conditionText(code: CodeableConcept | undefined): string | undefined {
  return [code?.text, ...(code?.coding ?? []).map((c) => c.display)].find(
    (t) => t && KEY_CONDITION_TEXT.test(t),
  );
}

export function mapCondition(raw: unknown, ref: ResourceRef, note: NoteSink): ConditionRecord[] {
  const parsed = resourceParsers.condition.safeParse(raw);
  if (!parsed.success) {
    note(NOTE.invalidResource, `Invalid Condition: ${describeZodError(parsed.error)}`);
    return [];
  }
  const condition = parsed.data;
  const ids = matchConditions(condition.code?.coding ?? []);
  if (ids.length === 0) {
    const text = conditionText(condition.code);
    if (text)
      note(
        NOTE.conditionNotCoded,
        `Condition "${text}" has no recognised SNOMED CT or ICD-10 code and is not used`,
      );
    return [];
  }
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
  return ids.map((condition) => ({
    ref,
    condition,
    clinicalStatus: clinicalStatus || undefined,
    verificationStatus: verificationStatus || undefined,
    onset: onset || undefined,
    abatement: abatement || undefined,
    recorded: recorded || undefined,
  }));
}
