/**
 * What a Bulk Data export will hold, as far as its manifest tells before downloading: the classifier plans
 * its memory (spill partitions, worker threads) from it, as it does from the files of an export on disk.
 */
import type { ExportManifest } from './export-job.js';
import type { ExportState } from './export-state.js';

/** A manifest's `count` when it can be a count (a server may send anything there); else undefined. */
function countOf(output: ExportManifest['output'][number]): number | undefined {
  const count = output.count;
  return count !== undefined && Number.isSafeInteger(count) && count >= 0 ? count : undefined;
}

/** An export line is 1.5 KB on average in the synthetic exports (test/bench); real ones vary. */
const BYTES_PER_RESOURCE = 2048;

/**
 * The export's size: files already kept count their bytes, the others the server's resource count
 * (`count`, optional in a manifest) times a generous size per resource. Undefined when a file has neither:
 * the classifier then plans for a large input.
 */
export function expectedBytes(manifest: ExportManifest, state: ExportState): number | undefined {
  let bytes = 0;
  for (const output of manifest.output) {
    const kept = state.files[output.url]?.bytes;
    const count = countOf(output);
    if (kept !== undefined) bytes += kept;
    else if (count !== undefined) bytes += count * BYTES_PER_RESOURCE;
    else return undefined;
  }
  return bytes;
}

/**
 * The export's patients when the manifest counts the resources of every Patient file, else undefined (the
 * classifier then plans by size alone, which for many small patients means partitions on disk it may not
 * have needed).
 */
export function expectedPatients(manifest: ExportManifest): number | undefined {
  const patientFiles = manifest.output.filter((output) => output.type === 'Patient');
  if (patientFiles.length === 0) return undefined;
  let patients = 0;
  for (const output of patientFiles) {
    const count = countOf(output);
    if (count === undefined) return undefined;
    patients += count;
  }
  return patients;
}
