/** The second half of a `classify` run on one thread: every patient of a cohort assessed and written. */
import type { SiteConfig } from '../core/types.js';
import type { ClassifyOptions } from './args.js';
import type { Cohort } from './cohort.js';
import { formatHeader, type BufferedOutput } from './output.js';
import { patientLine } from './patient-line.js';
import type { Progress } from './progress.js';

/**
 * Writes the header, then every patient in id order; returns the messages of those that could not be
 * assessed.
 */
export async function assessCohort(
  cohort: Cohort,
  options: ClassifyOptions,
  site: Partial<SiteConfig>,
  output: BufferedOutput,
  progress: Progress,
): Promise<string[]> {
  await output.write(formatHeader(options.format));
  const patientIds = cohort.sortedPatientIds();
  const failures: string[] = [];
  for (const [index, patientId] of patientIds.entries()) {
    const record = cohort.takeRecord(patientId);
    if (record === undefined) continue;
    try {
      await output.write(patientLine(record, { asOf: options.asOf, site }, options.format));
    } catch (error) {
      // The message, not the patient id: stderr may end up in logs.
      failures.push(error instanceof Error ? error.message : String(error));
    }
    if (output.closed) break;
    if (index % 256 === 0) progress.update(() => `assessing: ${index + 1} of ${patientIds.length} patients`);
  }
  return failures;
}
