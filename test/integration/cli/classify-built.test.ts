/**
 * Runs the built command (`node bin/aih-navigator.mjs classify …`) the way a site would: over every fixture
 * Bundle with its as-of date from test/fixtures/bundles/index.json, and over a small synthetic Bulk Data export.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cdsCardSchema } from '../../../src/core/card-schema.js';
import type { Assessment } from '../../../src/core/types.js';
// @ts-expect-error: plain JavaScript benchmark helper without type declarations
import { generateExport } from '../../bench/generate-export.mjs';
import { classify, ensureBuilt, ROOT } from './built-cli.js';

const FIXTURES = join(ROOT, 'test/fixtures/bundles');

const indexSchema = z.array(
  z.looseObject({
    file: z.string(),
    patientId: z.string(),
    asOf: z.string(),
    expected: z.looseObject({ response: z.string() }),
  }),
);

function lines(stdout: string): Assessment[] {
  return stdout
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Assessment);
}

let exportDir: string;
beforeAll(() => {
  ensureBuilt();
  exportDir = mkdtempSync(join(tmpdir(), 'aih-cli-export-'));
}, 180_000);
afterAll(() => rmSync(exportDir, { recursive: true, force: true }));

const fixtures = existsSync(join(FIXTURES, 'index.json'))
  ? indexSchema.parse(JSON.parse(readFileSync(join(FIXTURES, 'index.json'), 'utf8')))
  : [];

/** One run per as-of date over all the Bundles of that date (spawning node per Bundle is slow on CI). */
const runs = new Map<
  string,
  { status: number | null; stderr: string; byPatient: Map<string, Assessment[]> }
>();
function runFor(asOf: string) {
  let run = runs.get(asOf);
  if (run === undefined) {
    // A file holding several patients is listed once per patient in the index, read once here.
    const files = [
      ...new Set(
        fixtures.filter((fixture) => fixture.asOf === asOf).map((fixture) => join(FIXTURES, fixture.file)),
      ),
    ];
    const result = classify(['--as-of', asOf, ...files]);
    const byPatient = new Map<string, Assessment[]>();
    for (const assessment of lines(result.stdout)) {
      byPatient.set(assessment.patientId, [...(byPatient.get(assessment.patientId) ?? []), assessment]);
    }
    run = { status: result.status, stderr: result.stderr, byPatient };
    runs.set(asOf, run);
  }
  return run;
}

describe('built CLI over the fixture Bundles', () => {
  it('has fixtures to run', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(14);
  });

  it.each(fixtures.map((fixture) => [fixture.file, fixture] as const))('%s', (_file, fixture) => {
    const run = runFor(fixture.asOf);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const found = run.byPatient.get(fixture.patientId) ?? [];
    expect(found).toHaveLength(1);
    const [assessment] = found;
    expect(assessment?.asOf).toBe(fixture.asOf);
    expect(assessment?.response).toBe(fixture.expected.response);
    expect(cdsCardSchema.safeParse(assessment?.card).success).toBe(true);
  });

  it('gives the same responses for a single Bundle run alone', () => {
    const fixture = fixtures.find((f) => f.expected.response === 'insufficient-response') ?? fixtures[0];
    if (fixture === undefined) throw new Error('no fixtures');
    const result = classify(['--as-of', fixture.asOf, join(FIXTURES, fixture.file)]);
    expect(result.status).toBe(0);
    const out = lines(result.stdout);
    expect(out.map((a) => [a.patientId, a.response])).toEqual([
      [fixture.patientId, fixture.expected.response],
    ]);
    expect(out[0]).toEqual(runFor(fixture.asOf).byPatient.get(fixture.patientId)?.[0]);
  });

  it('writes the CSV worklist sorted by patient with the expected responses', () => {
    const asOf = fixtures[0]?.asOf ?? '2025-06-01';
    const sameDay = fixtures.filter((fixture) => fixture.asOf === asOf);
    const result = classify([
      '--as-of',
      asOf,
      '--format',
      'csv',
      ...new Set(sameDay.map((f) => join(FIXTURES, f.file))),
    ]);
    expect(result.status).toBe(0);
    const rows = result.stdout.trimEnd().split('\r\n');
    expect(rows[0]).toBe('patient,response,qualifiers,top_suggestion,safety_flags');
    const expected = [...sameDay]
      .sort((a, b) => (a.patientId < b.patientId ? -1 : 1))
      .map((f) => `${f.patientId},${f.expected.response}`);
    expect(rows.slice(1).map((row) => row.split(',').slice(0, 2).join(','))).toEqual(expected);
  });
});

describe('built CLI over a Bulk Data export folder', () => {
  it('assesses every patient once, sorted, and resolves Medication references', () => {
    const generated = generateExport({ patients: 60, out: exportDir, asOf: '2025-06-30' }) as {
      counts: Record<string, number>;
    };
    const result = classify(['--as-of', '2025-06-30', exportDir]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const out = lines(result.stdout);
    expect(out).toHaveLength(generated.counts.Patient ?? -1);
    const ids = out.map((a) => a.patientId);
    expect(ids).toEqual([...ids].sort());
    // Half the orders name their drug only through Medication.ndjson: every treated patient has a first line.
    const aihPatients = out.filter((a) => !['not-applicable', 'out-of-scope'].includes(a.response));
    expect(aihPatients.length).toBeGreaterThan(0);
    expect(aihPatients.every((a) => a.line !== 'none')).toBe(true);
    expect(JSON.stringify(out.map((a) => a.dataQuality))).not.toMatch(/Medication\/med-/);
  });

  it('exits 1 with file:line for a broken line and 3 for nothing readable', () => {
    const broken = join(exportDir, 'Observation.ndjson');
    const text = readFileSync(broken, 'utf8').split('\n');
    text.splice(4, 0, '{"resourceType": "Observation", "status": ');
    writeFileSync(broken, text.join('\n'));
    const partial = classify(['--as-of', '2025-06-30', exportDir]);
    expect(partial.status).toBe(1);
    expect(partial.stderr).toMatch(new RegExp(`Observation\\.ndjson:5: invalid JSON`));
    expect(lines(partial.stdout).length).toBeGreaterThan(0);
    const none = classify(['--as-of', '2025-06-30', join(exportDir, 'does-not-exist')]);
    expect(none.status).toBe(3);
  });
});

describe('built CLI with worker threads', () => {
  it('gives byte-identical output, messages and exit codes with 1, 2 and 3 partitions', () => {
    const folder = mkdtempSync(join(tmpdir(), 'aih-cli-jobs-'));
    try {
      generateExport({ patients: 40, out: folder, asOf: '2025-06-30' });
      // Lines the text cannot route (spacing, contained, bundles), broken lines and unused types, mixed in.
      const extra = [
        '{"resourceType": "Observation", "id": "spaced", "status": "final", "subject": {"reference": "Patient/bench-000003"}}',
        '{"resourceType":"Observation","id":"c","contained":[{"resourceType":"Observation","subject":{"reference":"Patient/x"}}],"subject":{"reference":"Patient/bench-000004"}}',
        '{"resourceType":"Condition","id":"broken","subject":{"reference":"Patient/bench-000005"},',
        '{"oops',
        '{"resourceType":"Encounter","id":"e","subject":{"reference":"Patient/bench-000006"}}',
        JSON.stringify({
          resourceType: 'Bundle',
          type: 'collection',
          entry: [{ resource: { resourceType: 'Patient', id: 'in-bundle' } }],
        }),
        JSON.stringify({
          resourceType: 'OperationOutcome',
          issue: [{ severity: 'error', code: 'processing' }],
        }),
      ];
      writeFileSync(join(folder, 'Extra.ndjson'), extra.join('\n') + '\n');
      // A Windows-written file: byte order mark, CRLF, a whitespace-only line; routable lines among them.
      const windows = [
        '{"resourceType":"Condition","id":"w1","clinicalStatus":{"coding":[{"code":"active"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"19943007"}]},"subject":{"reference":"Patient/bench-000007"}}',
        '   ',
        '{"resourceType":"Observation","id":"w2","status":"final","code":{"text":"ALT"},"subject":{"reference":"Patient/bench-000008"},"valueString":"n/a"}',
      ];
      writeFileSync(join(folder, 'Windows.ndjson'), '\ufeff' + windows.join('\r\n') + '\r\n');
      const fixture = join(FIXTURES, fixtures[0]?.file ?? 'missing.json');
      const runs = ['1', '2', '3'].map((jobs) =>
        classify(['--jobs', jobs, '--as-of', '2025-06-30', '--format', 'ndjson', folder, fixture]),
      );
      const [single, ...parallel] = runs;
      expect(single?.status).toBe(1);
      expect(single?.stderr).toMatch(/Extra\.ndjson:3: invalid JSON/);
      expect(single?.stderr).toMatch(/Extra\.ndjson:4: invalid JSON/);
      expect(lines(single?.stdout ?? '').length).toBe(42);
      for (const run of parallel) expect(run).toEqual(single);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
