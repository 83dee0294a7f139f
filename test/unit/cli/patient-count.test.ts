import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InputFile } from '../../../src/cli/input-files.js';
import { countPatientLines } from '../../../src/cli/patient-count.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function exportOf(files: Record<string, string>): InputFile[] {
  const dir = mkdtempSync(join(tmpdir(), 'patient-count-'));
  dirs.push(dir);
  return Object.entries(files).map(([name, text]) => {
    writeFileSync(join(dir, name), text);
    return { path: join(dir, name), kind: name.endsWith('.json') ? 'bundle' : 'ndjson' };
  });
}

const patient = (id: string): string => JSON.stringify({ resourceType: 'Patient', id });

describe('countPatientLines', () => {
  it("counts the non-empty lines of the Patient files, and no other file's", async () => {
    const files = exportOf({
      'Patient.ndjson': `${patient('a')}\n\n${patient('b')}\r\n${patient('c')}`,
      'Patient_2.ndjson': `${patient('d')}\n`,
      'Observation.ndjson': `${patient('x')}\n${patient('y')}\n`,
    });
    expect(await countPatientLines(files)).toBe(4);
  });

  it('counts lines that cross the reading chunks', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) => patient(`p${i}`.padEnd(400, 'x')));
    expect(await countPatientLines(exportOf({ 'Patient.ndjson': lines.join('\n') + '\n' }))).toBe(3000);
  });

  it('tells nothing without Patient files, with Bundle files, or when a Patient file cannot be read', async () => {
    expect(await countPatientLines(exportOf({ 'Observation.ndjson': `${patient('a')}\n` }))).toBeUndefined();
    const withBundle = exportOf({ 'Patient.ndjson': `${patient('a')}\n`, 'bundle.json': '{}' });
    expect(await countPatientLines(withBundle)).toBeUndefined();
    const missing: InputFile[] = [
      { path: join(tmpdir(), 'no-such-dir-x', 'Patient.ndjson'), kind: 'ndjson' },
    ];
    expect(await countPatientLines(missing)).toBeUndefined();
  });
});
