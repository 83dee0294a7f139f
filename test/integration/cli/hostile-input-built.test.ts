/**
 * Hostile input through the built command, with one thread and with worker threads: patient data in unit
 * strings, deeply nested and over-long lines, ids that are not ids. Every run must give the same output,
 * messages and exit code, and nothing from the data on stderr or mixed into stdout.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aih, patient } from '../../unit/cli/resources.js';
import { classify, ensureBuilt } from './built-cli.js';

let folder: string;
beforeAll(() => {
  ensureBuilt();
  folder = mkdtempSync(join(tmpdir(), 'aih-cli-hostile-'));
}, 180_000);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const PHI = 'Jane Doe MRN 12345';

function alt(id: string, patientId: string, unit: string, date: string): Record<string, unknown> {
  return {
    resourceType: 'Observation',
    id,
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code: '1742-6' }] },
    subject: { reference: `Patient/${patientId}` },
    effectiveDateTime: date,
    valueQuantity: { value: 80, unit, code: unit },
  };
}

const line = (resource: unknown): string => JSON.stringify(resource);

function runs(args: string[]) {
  return ['1', '2', '3'].map((jobs) => classify(['--jobs', jobs, '--as-of', '2025-06-30', ...args]));
}

describe('built CLI with patient data in unit strings', () => {
  it('writes only the results to stdout and nothing of the unit to stderr', () => {
    const file = join(folder, 'units.ndjson');
    writeFileSync(
      file,
      [
        line(patient('u1')),
        line(aih('c1', 'u1')),
        line(alt('o1', 'u1', PHI, '2025-01-10')),
        line(alt('o2', 'u1', `mg/dL ${PHI}`, '2025-02-10')),
      ].join('\n') + '\n',
    );
    for (const format of ['ndjson', 'csv']) {
      const all = runs(['--format', format, file]);
      for (const run of all) {
        // The unit is data and stays in the result's data-quality note; it must not be printed beside it.
        expect(run.stdout).not.toContain('Unit requested');
        expect(run.stderr).not.toContain('Jane');
        expect(run.stderr).not.toContain('Unit requested');
        expect(run).toEqual(all[0]);
      }
      const out = all[0]?.stdout ?? '';
      if (format === 'ndjson') {
        const rows = out.split('\n').filter((text) => text !== '');
        expect(rows.map((text) => (JSON.parse(text) as { patientId: string }).patientId)).toEqual(['u1']);
      } else {
        expect(out.split('\r\n')).toHaveLength(3);
        expect(out.split('\r\n')[0]).toBe('patient,response,qualifiers,top_suggestion,safety_flags');
        expect(out.split('\r\n')[1]).toMatch(/^u1,/);
      }
    }
  });
});

describe('built CLI with hostile lines', () => {
  it('skips nested, over-long and badly identified lines by file:line, the same with 1, 2 and 3 threads', () => {
    const file = join(folder, 'Observation.ndjson');
    const nested = '{"resourceType":"Bundle","type":"collection","entry":[{"resource":'.repeat(20_000);
    const deep = `${nested}{"resourceType":"Patient","id":"deep"}${'}]}'.repeat(20_000)}`;
    const arrays = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    // A valid resource, but one line longer than the 64 MiB limit: skipped, never the whole file.
    const huge = line({ ...patient('huge'), text: { div: 'x'.repeat(65 * 1024 * 1024) } });
    const invalidId = (byte: number) =>
      Buffer.concat([
        Buffer.from('{"resourceType":"Patient","id":"pat'),
        Buffer.from([byte]),
        Buffer.from('","gender":"female"}'),
      ]);
    const content = Buffer.concat(
      [
        line(patient('a1')),
        deep,
        line(patient('a2')),
        arrays,
        huge,
        invalidId(0xff),
        invalidId(0xfe),
        line({ resourceType: 'Observation', id: 'x', subject: { reference: 'Patient/pat\u202e1' } }),
        line(patient('-2-3')),
      ].map((text) =>
        Buffer.concat([typeof text === 'string' ? Buffer.from(text) : text, Buffer.from('\n')]),
      ),
    );
    writeFileSync(file, content);
    const all = runs(['--format', 'csv', file]);
    const single = all[0];
    expect(single?.status).toBe(1);
    const stderr = single?.stderr ?? '';
    expect(stderr).toMatch(/Observation\.ndjson:2: JSON nested deeper than 64 levels; skipped/);
    expect(stderr).toMatch(/Observation\.ndjson:4: JSON nested deeper than 64 levels; skipped/);
    expect(stderr).toMatch(/Observation\.ndjson:5: line longer than 64 MiB; skipped/);
    expect(stderr).toMatch(/Observation\.ndjson:6: Patient id is not a valid FHIR id/);
    expect(stderr).toMatch(/Observation\.ndjson:7: Patient id is not a valid FHIR id/);
    expect(stderr).toMatch(/Observation\.ndjson:8: Observation patient reference is not a valid FHIR id/);
    expect(stderr).not.toMatch(/stack|internal error/i);
    const rows = (single?.stdout ?? '').split('\r\n').filter((row) => row !== '');
    expect(rows.slice(1).map((row) => row.split(',')[0])).toEqual(["'-2-3", 'a1', 'a2']);
    for (const run of all) expect(run).toEqual(single);
  }, 120_000);
});
