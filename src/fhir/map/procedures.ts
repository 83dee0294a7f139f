/**
 * Procedure → a ProcedureRecord when it names a liver transplant (rules v2 §1); its status is kept
 * for the core to judge. Procedures of anything else are not ours and raise no note.
 */
import { isLiverTransplantProcedure } from '../../core/procedure-codes.js';
import type { ProcedureRecord, ResourceRef } from '../../core/types.js';
import { resourceParsers } from '../schemas/parsers.js';
import { fullDate } from './dates.js';
import { NOTE, describeZodError, type NoteSink } from './notes.js';

const LIVER_TRANSPLANT_TEXT =
  /liver\s+(?:allo)?transplant|transplant(?:ation)?\s+of\s+(?:the\s+)?liver|hepatic\s+transplant/i;

export function mapProcedure(raw: unknown, ref: ResourceRef, note: NoteSink): ProcedureRecord[] {
  const parsed = resourceParsers.procedure.safeParse(raw);
  if (!parsed.success) {
    note(NOTE.invalidResource, `Invalid Procedure: ${describeZodError(parsed.error)}`);
    return [];
  }
  const procedure = parsed.data;
  const codings = procedure.code?.coding ?? [];
  if (!isLiverTransplantProcedure(codings)) {
    const text = [procedure.code?.text, ...codings.map((c) => c.display)].find(
      (t) => t && LIVER_TRANSPLANT_TEXT.test(t),
    );
    // Named but not coded: not used (text is not a code), but the clinician must see it.
    if (text && procedure.status !== 'entered-in-error')
      note(
        NOTE.procedureNotCoded,
        `Procedure "${text.slice(0, 80)}" has no recognised SNOMED CT, CPT or ICD-10-PCS code and is not used`,
      );
    return [];
  }
  const performed =
    fullDate(procedure.performedDateTime, 'performedDateTime', note) ??
    fullDate(procedure.performedPeriod?.start, 'performedPeriod.start', note);
  return [
    { ref, condition: 'liver-transplant', status: procedure.status, performed: performed || undefined },
  ];
}
