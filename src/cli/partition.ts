/**
 * Splitting a cohort by patient for a parallel run. A line goes only to the partition of its patient when
 * the patient can be told from the raw text for certain, else to all partitions (each keeps only its own
 * patients). Either way a patient's resources all land in one partition,
 * in input order, so the results are the same as in a single-threaded run.
 */
import { QUOTE } from '../fhir/json-text.js';

export interface Partition {
  index: number;
  count: number;
  /**
   * Whether this partition answers for what belongs to no patient (counts, messages). By default the first
   * partition does; in a run over spill partitions (spill-run.ts) only the first spill partition's does.
   */
  primary?: boolean;
}

/** FNV-1a of a patient id: fast, stable across runs and machines. */
export function patientHash(patientId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < patientId.length; i += 1) {
    hash ^= patientId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The worker partition of a patient: the hash's low end (modulo). */
export function partitionOf(patientId: string, count: number): number {
  return patientHash(patientId) % count;
}

/** One of N independent processes over the same input (`--shard index/count`, index from 0). */
export interface Shard {
  index: number;
  count: number;
  /** A spill partition's run of consecutive shards from `index` (1 when absent). */
  span?: number;
}

/**
 * The shard of a hash: the high end of the mixed hash (scaled onto 0..count-1), so that a shard's patients
 * still spread evenly over its worker partitions, which take the low end of the plain hash.
 */
export function shardOfHash(hash: number, count: number): number {
  return Math.floor((mixed(hash) * count) / 0x1_0000_0000);
}

/**
 * MurmurHash3's 32-bit finaliser. FNV-1a's high bits barely change with the last characters of an id
 * (`patient-0001`, `patient-0002` …), so the hash is mixed before its high end picks the shard.
 */
function mixed(hash: number): number {
  let h = hash;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The spill partition of buckets `first` to `first + span - 1` of `buckets` within `shard` (or of all
 * patients), as a run of shards: the mixed hash's range of the shard cut in `buckets` equal parts, as the
 * spill pass cuts it (spill-writer.ts), so a spill partition's patients are the ones {@link inShard} gives
 * it, and they still spread evenly over worker partitions (the plain hash's low end).
 */
export function spillShard(first: number, span: number, buckets: number, shard: Shard | undefined): Shard {
  return shard === undefined
    ? { index: first, count: buckets, span }
    : { index: shard.index * buckets + first, count: shard.count * buckets, span };
}

/** Whether a shard assesses this patient (every patient without a shard). */
export function inShard(patientId: string, shard: Shard | undefined): boolean {
  return shard === undefined || hashInShard(patientHash(patientId), shard);
}

/** Whether a shard assesses the patient of this {@link patientHash}. */
export function hashInShard(hash: number, shard: Shard): boolean {
  const index = shardOfHash(hash, shard.count);
  return index >= shard.index && index < shard.index + (shard.span ?? 1);
}

const TYPE_PREFIX = bytesOf('{"resourceType":"');
const REFERENCE = bytesOf(':{"reference":"Patient/');
const PATIENT_ID = bytesOf('{"resourceType":"Patient","id":"');
/**
 * Where {@link patientIdStart} finds the id of a Patient line, from the line's start: no other line's
 * patient id starts this early (the type and `"subject":{"reference":"Patient/` come first).
 */
export const PATIENT_LINE_ID_OFFSET = PATIENT_ID.length;
const ID_KEY = keyOf('"id"');
const MAX_ID_LENGTH = 64;
const MAX_TYPE_LENGTH = 32;

/**
 * A key written with its quotes, e.g. `"subject"`. The search looks for the first byte of its needle
 * before comparing the rest, and `"` is everywhere in JSON, so the key is searched by its tail (after the
 * first two bytes) and its head checked: about twice as fast on export lines.
 */
interface Key {
  length: number;
  head0: number;
  head1: number;
  tail: Buffer;
}

function keyOf(key: string): Key {
  const bytes = bytesOf(key);
  return { length: bytes.length, head0: bytes[0] ?? 0, head1: bytes[1] ?? 0, tail: bytes.subarray(2) };
}

/** The element that names the patient, per type (FHIR R4); other types go to every partition. */
const PATIENT_KEYS: readonly { type: Buffer; key: Key }[] = Object.entries({
  Observation: '"subject"',
  Condition: '"subject"',
  MedicationRequest: '"subject"',
  MedicationStatement: '"subject"',
  MedicationDispense: '"subject"',
  MedicationAdministration: '"subject"',
  AllergyIntolerance: '"patient"',
  Procedure: '"subject"',
}).map(([type, key]) => ({ type: bytesOf(type), key: keyOf(key) }));

function bytesOf(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

/**
 * Where the patient id of a compactly written line (as Bulk Data exports write them) starts, in
 * `bytes[start, end)` as read from the file, when the text leaves no doubt: the line starts with its
 * resourceType, names its patient element exactly once (a second one could be in a contained resource),
 * written `"subject":{"reference":"Patient/<id>"`. -1 means "parse it to find out". Everything compared
 * is ASCII, which UTF-8 never uses inside a multi-byte character, so the bytes tell what the decoded text
 * would. This runs on the main thread for every line of the input: short comparisons are done here
 * rather than in native calls, which cost more to call than to do.
 */
export function patientIdStart(bytes: Buffer, start: number, end: number): number {
  if (end - start > PATIENT_ID.length && equalAt(bytes, start, PATIENT_ID))
    return patientOwnIdStart(bytes, start + PATIENT_ID.length, end);
  const typeStart = start + TYPE_PREFIX.length;
  if (typeStart > end || !equalAt(bytes, typeStart - TYPE_PREFIX.length, TYPE_PREFIX)) return -1;
  let typeEnd = typeStart;
  while (typeEnd < end && typeEnd - typeStart <= MAX_TYPE_LENGTH && bytes[typeEnd] !== QUOTE) typeEnd += 1;
  if (bytes[typeEnd] !== QUOTE || typeEnd >= end) return -1;
  const key = PATIENT_KEYS.find(
    ({ type }) => type.length === typeEnd - typeStart && equalAt(bytes, typeStart, type),
  )?.key;
  if (key === undefined) return -1;
  const line = bytes.subarray(0, end);
  const at = indexOfKey(line, key, typeEnd);
  if (at === -1) return -1;
  const idStart = at + key.length + REFERENCE.length;
  if (idStart > end || !equalAt(bytes, at + key.length, REFERENCE)) return -1;
  const idEnd = patientIdEnd(bytes, idStart, end);
  if (idEnd === idStart || idEnd - idStart > MAX_ID_LENGTH || idEnd >= end || bytes[idEnd] !== QUOTE)
    return -1;
  return indexOfKey(line, key, idEnd) === -1 ? idStart : -1;
}

/**
 * A Patient written `{"resourceType":"Patient","id":"<id>"`: its id is the patient, when `"id"` stands
 * nowhere else in the line (a second one could be a duplicate key, which JSON.parse would take instead).
 */
function patientOwnIdStart(bytes: Buffer, idStart: number, end: number): number {
  const idEnd = patientIdEnd(bytes, idStart, end);
  if (idEnd === idStart || idEnd - idStart > MAX_ID_LENGTH || idEnd >= end || bytes[idEnd] !== QUOTE)
    return -1;
  return indexOfKey(bytes.subarray(0, end), ID_KEY, idEnd) === -1 ? idStart : -1;
}

/** The end of the id characters from `idStart`. */
export function patientIdEnd(bytes: Buffer, idStart: number, end: number): number {
  let idEnd = idStart;
  while (idEnd < end && isIdCharacter(bytes[idEnd] ?? 0)) idEnd += 1;
  return idEnd;
}

/** {@link patientHash} of an id given as its (ASCII) bytes. */
export function patientHashOfBytes(bytes: Buffer, idStart: number, idEnd: number): number {
  let hash = 0x811c9dc5;
  for (let i = idStart; i < idEnd; i += 1) {
    hash ^= bytes[i] ?? 0;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** {@link partitionOf} of an id given as its (ASCII) bytes. */
export function partitionOfBytes(bytes: Buffer, idStart: number, idEnd: number, count: number): number {
  return patientHashOfBytes(bytes, idStart, idEnd) % count;
}

function equalAt(bytes: Buffer, at: number, expected: Buffer): boolean {
  for (let i = 0; i < expected.length; i += 1) if (bytes[at + i] !== expected[i]) return false;
  return true;
}

/** Where `key` first stands in `line` at or after `from`, or -1; `line` ends where the line ends. */
function indexOfKey(line: Buffer, key: Key, from: number): number {
  for (let at = line.indexOf(key.tail, from + 2); at !== -1; at = line.indexOf(key.tail, at + 1)) {
    if (line[at - 2] === key.head0 && line[at - 1] === key.head1) return at - 2;
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
