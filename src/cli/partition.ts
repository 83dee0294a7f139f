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
 * out". This runs on the main thread for every line of the input, so the line is scanned once in all.
 */
export function patientOfLine(line: string): string | undefined {
  if (!line.startsWith(TYPE_PREFIX)) return undefined;
  const typeEnd = line.indexOf('"', TYPE_PREFIX.length);
  const key = PATIENT_KEY[line.slice(TYPE_PREFIX.length, typeEnd)];
  if (key === undefined) return undefined;
  const at = indexOfQuoted(line, key, typeEnd);
  if (at === -1 || !line.startsWith(REFERENCE, at + key.length)) return undefined;
  const start = at + key.length + REFERENCE.length;
  let end = start;
  while (end < line.length && isIdCharacter(line.charCodeAt(end))) end += 1;
  if (end === start || end - start > 64 || line.charCodeAt(end) !== 0x22) return undefined;
  if (indexOfQuoted(line, key, end) !== -1) return undefined;
  return line.slice(start, end);
}

/**
 * `line.indexOf(key, from)` for a key written with its quotes, e.g. `"subject"`. V8 looks for the first
 * character of the needle before comparing the rest, and `"` is everywhere in JSON; searching for the
 * part after the first two characters and then checking those is about twice as fast on export lines.
 */
function indexOfQuoted(line: string, key: string, from: number): number {
  const tail = key.slice(2);
  const head = key.slice(0, 2);
  for (let at = line.indexOf(tail, from + 2); at !== -1; at = line.indexOf(tail, at + 1)) {
    if (line.startsWith(head, at - 2)) return at - 2;
  }
  return -1;
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
