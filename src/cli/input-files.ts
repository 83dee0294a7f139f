/**
 * Turns the PATH arguments into the list of files to read, in reading order: Medication files first
 * (Medication resources are not patient-scoped; the others refer to them), then Patient files, then the
 * rest. Directories are Bulk Data exports: every `.ndjson`/`.jsonl` file in them, sorted by name.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

export type InputKind = 'bundle' | 'ndjson';

export interface InputFile {
  path: string;
  kind: InputKind;
}

export interface InputList {
  files: InputFile[];
  /** Paths that could not be used, as `path: reason` lines for stderr. */
  problems: string[];
}

const NDJSON_FILE = /\.(ndjson|jsonl)$/i;
const COMPRESSED_FILE = /\.(gz|zip|bz2|xz|zst)$/i;
const MEDICATION_FILE = /(^|[^A-Za-z])Medication([^A-Za-z]|$)/;
const PATIENT_FILE = /(^|[^A-Za-z])Patient([^A-Za-z]|$)/;

/** A file of Patient resources by its name (`Patient.ndjson`, `Patient_1.ndjson` …), as a Bulk Data export names them. */
export function isPatientFile(file: InputFile): boolean {
  return file.kind === 'ndjson' && PATIENT_FILE.test(basename(file.path));
}

export function kindOf(path: string): InputKind {
  return NDJSON_FILE.test(path) ? 'ndjson' : 'bundle';
}

/** 0 for Medication files, 1 for Patient files, 2 for the rest: the order they are read in. */
function readingRank(file: InputFile): number {
  const name = basename(file.path);
  if (MEDICATION_FILE.test(name)) return 0;
  if (PATIENT_FILE.test(name)) return 1;
  return 2;
}

export async function listInputFiles(paths: readonly string[]): Promise<InputList> {
  const files: InputFile[] = [];
  const problems: string[] = [];
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      problems.push(`${path}: cannot read (${describeFsError(error)})`);
      continue;
    }
    if (info.isDirectory()) {
      await addExportFolder(path, files, problems);
    } else if (COMPRESSED_FILE.test(path)) {
      problems.push(`${path}: compressed files are not read; decompress it first`);
    } else {
      files.push({ path, kind: kindOf(path) });
    }
  }
  return { files: ranked(files), problems };
}

/** The files of one export folder in the order `classify FOLDER` reads them: by name, then by rank. */
export function exportFilesInReadingOrder(files: readonly InputFile[]): InputFile[] {
  const byName = [...files].sort((a, b) => {
    const [x, y] = [basename(a.path), basename(b.path)];
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return ranked(byName);
}

/** A stable sort by rank keeps the given order (the command line's) within each rank. */
function ranked(files: readonly InputFile[]): InputFile[] {
  const entries = files.map((file, index) => ({ file, index, rank: readingRank(file) }));
  entries.sort((a, b) => a.rank - b.rank || a.index - b.index);
  return entries.map((entry) => entry.file);
}

async function addExportFolder(folder: string, files: InputFile[], problems: string[]): Promise<void> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    problems.push(`${folder}: cannot list the folder (${describeFsError(error)})`);
    return;
  }
  names.sort();
  const ndjson = names.filter((name) => NDJSON_FILE.test(name));
  for (const name of ndjson) files.push({ path: join(folder, name), kind: 'ndjson' });
  const compressed = names.filter((name) => COMPRESSED_FILE.test(name));
  for (const name of compressed) {
    problems.push(`${join(folder, name)}: compressed files are not read; decompress it first`);
  }
  if (ndjson.length === 0 && compressed.length === 0) {
    problems.push(`${folder}: no .ndjson files in this folder (expected a Bulk Data export)`);
  }
}

export function describeFsError(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error) {
    const code = String(error.code);
    if (code === 'ENOENT') return 'no such file or folder';
    if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
    if (code === 'EISDIR') return 'is a folder';
    return code;
  }
  return error instanceof Error ? error.message : String(error);
}
