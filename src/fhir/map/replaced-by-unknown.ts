/**
 * An order replaced (priorPrescription) by a record whose drug is unknown: the replacement may be a new
 * dose of the same drug, so the old order's dose is no longer known to be today's. Its dose is dropped,
 * which makes the current dose unknown (`dose-unknown`, `azathioprine-dose` in `missing`) instead of a
 * confident old dose that mg/kg/day and the allopurinol draft would be measured against.
 */
import type { DataQualityNote, MedicationExposure, ResourceRef } from '../../core/types.js';
import { NOTE, noteFor } from './notes.js';

export function doseUnknownIfReplaced(
  medications: MedicationExposure[],
  replaced: ReadonlySet<ResourceRef>,
  notes: DataQualityNote[],
): MedicationExposure[] {
  if (replaced.size === 0) return medications;
  return medications.map((m) => {
    if (m.source !== 'MedicationRequest' || !replaced.has(m.ref) || m.dailyDoseMg === undefined) return m;
    notes.push(
      noteFor(
        m.ref,
        NOTE.doseUnknown,
        'This order was replaced by one whose drug is unknown: its dose is not known to be the current one',
      ),
    );
    const unknownDose: MedicationExposure = { ...m };
    delete unknownDose.dailyDoseMg;
    return unknownDose;
  });
}
