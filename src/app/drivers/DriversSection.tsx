/**
 * "Medications and results behind the suggestion": what a clinician checks before acting on it — the
 * doses (is azathioprine below 2 mg/kg/day?) and the metabolites (is 6-MMP raised?).
 */
import { latestKeyResults } from '../../core/key-results.js';
import type { IsoDate, LoadGap, MedicationExposure, NormalisedValue } from '../../core/types.js';
import { unreadable } from '../gap-words.js';
import { KeyResultsTable } from './KeyResultsTable.js';
import { medicationTable } from './medication-rows.js';
import { MedicationTable } from './MedicationTable.js';

const MEDICATION_TYPES = [
  'MedicationRequest',
  'MedicationStatement',
  'MedicationDispense',
  'MedicationAdministration',
];

interface Props {
  medications: readonly MedicationExposure[];
  values: readonly NormalisedValue[];
  gaps: readonly LoadGap[];
  asOf: IsoDate;
}

export function DriversSection({ medications, values, gaps, asOf }: Props) {
  const model = medicationTable(medications, values, asOf);
  return (
    <section className="drivers" aria-labelledby="drivers-heading">
      <h3 id="drivers-heading">Medications and results behind the suggestion</h3>
      <MedicationTable model={model} unreadable={unreadable(gaps, ...MEDICATION_TYPES)} />
      <KeyResultsTable
        results={latestKeyResults(values, asOf)}
        unreadable={unreadable(gaps, 'Observation')}
      />
    </section>
  );
}
