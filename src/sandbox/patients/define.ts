/** Glue for the patient files: builds one chart and wraps it with its launcher description. */
import { addPatient, Chart, type PatientDetails } from './chart.js';
import type { Clock } from './dates.js';
import type { EhrShape, IntendedAssessment, SyntheticPatient } from './types.js';

export interface PatientMeta extends PatientDetails {
  id: string;
  shape: EhrShape;
  description: string;
  expected: IntendedAssessment;
}

export function definePatient(
  clock: Clock,
  meta: PatientMeta,
  build: (chart: Chart) => void,
): SyntheticPatient {
  const chart = new Chart(meta.id, meta.shape, clock);
  addPatient(chart, meta);
  build(chart);
  return {
    id: meta.id,
    name: `${meta.given} ${meta.family}`,
    description: meta.description,
    shape: meta.shape,
    expected: meta.expected,
    resources: chart.resources,
  };
}

export type PatientGenerator = (clock: Clock) => SyntheticPatient;
