/**
 * Splitting a cohort by patient for a parallel run. Every partition reads every line; a line is parsed only
 * by the partition of its patient when the patient can be told from the raw text for certain, else by all
 * partitions (each keeps only its own patients). Either way a patient's resources all land in one partition,
 * in input order, so the results are the same as in a single-threaded run.
 */

export interface Partition {
  index: number;
  count: number;
}

/** FNV-1a: fast, stable across runs and machines. */
export function partitionOf(patientId: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < patientId.length; i += 1) {
    hash ^= patientId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % count;
}

const TYPE_PREFIX = '{"resourceType":"';
/** The element that names the patient, per type (FHIR R4); other types are parsed by every partition. */
const PATIENT_KEY: Readonly<Record<string, string>> = {
  Observation: '"subject"',
  Condition: '"subject"',
  MedicationRequest: '"subject"',
  MedicationStatement: '"subject"',
  MedicationDispense: '"subject"',
  MedicationAdministration: '"subject"',
  AllergyIntolerance: '"patient"',
};
const REFERENCE = ':{"reference":"Patient/';

/**
 * The patient of a compactly written line (as Bulk Data exports write them), when the text leaves no doubt:
 * the line starts with its resourceType, names its patient element exactly once (a second one could be in
 * a contained resource), written `"subject":{"reference":"Patient/<id>"`. Undefined means "parse it to find
 * out". Two scans of the line at most: this runs for every line in every partition.
 */
export function patientOfLine(line: string): string | undefined {
  if (!line.startsWith(TYPE_PREFIX)) return undefined;
  const typeEnd = line.indexOf('"', TYPE_PREFIX.length);
  const key = PATIENT_KEY[line.slice(TYPE_PREFIX.length, typeEnd)];
  if (key === undefined) return undefined;
  const at = line.indexOf(key, typeEnd);
  if (at === -1 || !line.startsWith(REFERENCE, at + key.length)) return undefined;
  const start = at + key.length + REFERENCE.length;
  let end = start;
  while (end < line.length && isIdCharacter(line.charCodeAt(end))) end += 1;
  if (end === start || end - start > 64 || line.charCodeAt(end) !== 0x22) return undefined;
  if (line.indexOf(key, end) !== -1) return undefined;
  return line.slice(start, end);
}

/** FHIR id characters: A-Z a-z 0-9 - . */
function isIdCharacter(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    code === 0x2d ||
    code === 0x2e
  );
}
