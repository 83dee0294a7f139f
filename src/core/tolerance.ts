/**
 * Tolerance (clinical-rules.md §5), independent of the response state. Evidence of intolerance: an
 * AllergyIntolerance to the ingredient (any type, not refuted or entered-in-error), or a medication
 * record stopped with a status reason coded or written as an adverse effect or intolerance. Actionable:
 * an ingredient of the current regimen, or one stopped within the 90 days before as-of with no second-
 * or third-line agent started after it.
 */
import { ingredientClass } from './codes.js';
import { dayNumber } from './dates.js';
import { writtenAsAdverse } from './stop-reason-text.js';
import type { Timeline } from './timeline.js';
import type { DataQualityNote, IngredientId, IsoDate, MedicationExposure, PatientRecord } from './types.js';

export const ACTIONABLE_STOP_WINDOW_DAYS = 90;

/** Status-reason codes meaning "stopped because of an adverse effect or intolerance". */
const ADVERSE_REASON_CODES = new Set([
  'salg', // suspected allergy (HL7 medicationrequest-status-reason)
  'sintol', // suspected intolerance
  'adverse-event',
  'adverse-reaction',
  '281647001', // Adverse reaction (SNOMED CT)
  '62014003', // Adverse reaction to drug
  '59037007', // Drug intolerance
  '419511003', // Propensity to adverse reactions to drug
  '416098002', // Allergy to drug
  '418038007', // Propensity to adverse reactions to substance
  'SIDEEFFECT', // side effect (HL7 v3 ActReason)
  'ALGY', // allergy (HL7 v3 ActReason)
]);

export interface ToleranceResult {
  intolerance: IngredientId[];
  actionable: IngredientId[];
  notes: DataQualityNote[];
}

export function assessTolerance(record: PatientRecord, timeline: Timeline, asOf: IsoDate): ToleranceResult {
  const found = new Set<IngredientId>();
  const notes: DataQualityNote[] = [];
  for (const a of record.intolerances) {
    if (a.verificationStatus === 'refuted' || a.verificationStatus === 'entered-in-error') continue;
    found.add(a.ingredient);
  }
  for (const m of record.medications) {
    const stop = adverseStop(m);
    if (!stop) continue;
    found.add(m.ingredient);
    if (stop === 'text')
      notes.push({
        code: 'inferred-from-text',
        resource: m.ref,
        message: `${m.ingredient}: intolerance inferred from the stop reason text "${m.statusReason?.text ?? ''}".`,
      });
  }
  const actionable = [...found].filter((i) => isActionable(i, timeline, asOf));
  return { intolerance: sortIds([...found]), actionable: sortIds(actionable), notes };
}

/** A record stopped for an adverse effect or intolerance: by a coded reason, or by its text (negations excluded). */
export function adverseStop(m: MedicationExposure): 'coded' | 'text' | undefined {
  if (m.status !== 'stopped' || !m.statusReason) return undefined;
  if (m.statusReason.codes.some((c) => ADVERSE_REASON_CODES.has(c.split('|').pop() ?? c))) return 'coded';
  return writtenAsAdverse(m.statusReason.text ?? '') ? 'text' : undefined;
}

function isActionable(ingredient: IngredientId, timeline: Timeline, asOf: IsoDate): boolean {
  if (timeline.current.has(ingredient)) return true;
  const asOfDay = dayNumber(asOf)!;
  const ends = timeline.periods
    .filter((p) => p.ingredient === ingredient && p.end !== undefined)
    .map((p) => dayNumber(p.end)!);
  if (ends.length === 0) return false;
  const stopped = Math.max(...ends);
  if (asOfDay - stopped > ACTIONABLE_STOP_WINDOW_DAYS || stopped > asOfDay) return false;
  const laterAgentStarted = timeline.periods.some((p) => {
    const cls = ingredientClass(p.ingredient);
    const escalation = p.line === 'second' || p.line === 'third' || cls === 'third-line';
    return escalation && p.ingredient !== ingredient && dayNumber(p.start)! >= stopped;
  });
  return !laterAgentStarted;
}

function sortIds(ids: IngredientId[]): IngredientId[] {
  return [...new Set(ids)].sort();
}
