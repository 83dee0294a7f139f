/**
 * How many patients an input holds, told before it is read from the lines of its Patient files: the memory
 * a cohort needs depends on its patients as well as on its size (spill-plan.ts), and a Bulk Data export
 * writes one Patient resource a line. Counting line feeds costs a read of the Patient files alone, a few
 * MB for tens of thousands of patients.
 */
import { createReadStream } from 'node:fs';
import { LF } from './byte-lines.js';
import { isPatientFile, type InputFile } from './input-files.js';

/**
 * The non-empty lines of the input's Patient files; undefined when it has none, or holds Bundle files
 * (whose patients the count would miss), or a Patient file cannot be read.
 */
export async function countPatientLines(files: readonly InputFile[]): Promise<number | undefined> {
  if (files.some((file) => file.kind === 'bundle')) return undefined;
  const patientFiles = files.filter(isPatientFile);
  if (patientFiles.length === 0) return undefined;
  let lines = 0;
  try {
    for (const file of patientFiles) lines += await countLines(file.path);
  } catch {
    return undefined;
  }
  return lines;
}

/** Lines holding at least one byte other than a line feed. */
async function countLines(path: string): Promise<number> {
  let lines = 0;
  let lineHasBytes = false;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let at = chunk.indexOf(LF); at !== -1; at = chunk.indexOf(LF, start)) {
      if (lineHasBytes || at > start) lines += 1;
      lineHasBytes = false;
      start = at + 1;
    }
    if (start < chunk.length) lineHasBytes = true;
  }
  return lineHasBytes ? lines + 1 : lines;
}
