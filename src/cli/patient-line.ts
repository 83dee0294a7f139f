/**
 * One patient's output: the whole assessment as an NDJSON line, or its worklist row. The worklist shows
 * no card, so none is built for it (the card is a third of an assessment's work).
 */
import { assess, assessWithoutCard } from '../core/assess.js';
import type { AssessOptions, PatientRecord } from '../core/types.js';
import type { OutputFormat } from './args.js';
import { formatAssessment, worklistRow } from './output.js';

export function patientLine(record: PatientRecord, options: AssessOptions, format: OutputFormat): string {
  if (format === 'csv') return worklistRow(assessWithoutCard(record, options).assessment);
  return formatAssessment(assess(record, options), format);
}
