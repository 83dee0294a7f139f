/**
 * The CLI reads a patient's records line by line, file by file: a replacement in one file ends the order
 * it replaces in another, and a second record of one course counts once, whichever file comes first.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import type { Assessment } from '../../../src/core/types.js';
import { azathioprineOrder, chart, COURSE_AS_OF, oracleStatement } from '../fhir/azathioprine-course.js';
import { Capture } from './capture.js';
import { ndjson } from './resources.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aih-cli-renewals-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Classifies the files, each written from its resources, and returns the add-allopurinol order. */
async function reducedOrder(files: Record<string, unknown[]>) {
  for (const [name, resources] of Object.entries(files)) writeFileSync(join(dir, name), ndjson(resources));
  const stdout = new Capture();
  const paths = Object.keys(files).map((name) => join(dir, name));
  const code = await runCli(['classify', '--as-of', COURSE_AS_OF, ...paths], {
    stdout,
    stderr: new Capture(),
    now: () => new Date(2024, 8, 1, 12),
  });
  expect(code).toBe(0);
  const [assessment] = stdout.text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Assessment);
  return assessment?.recommendations.find((r) => r.id === 'add-allopurinol')?.replacementOrder;
}

describe('classify: the current azathioprine dose across files', () => {
  it('a replacing order read before the one it replaces: 150 mg/day, 25 mg with allopurinol', async () => {
    const replacing = azathioprineOrder('z2', 150, '2024-05-01', {
      priorPrescription: { reference: 'MedicationRequest/z' },
    });
    const order = await reducedOrder({
      'd-1-replacing.ndjson': [replacing],
      'd-2-chart.ndjson': [...chart(), azathioprineOrder('z', 100)],
    });
    expect(order).toEqual({
      ingredient: 'azathioprine',
      currentMgPerDay: 150,
      newMgPerDay: 25,
      replaces: ['MedicationRequest/z2'],
    });
  });

  it('an Oracle-style statement of the same course in another file counts once', async () => {
    const order = await reducedOrder({
      'a-1-statements.ndjson': [oracleStatement()],
      'a-2-chart.ndjson': [...chart(), azathioprineOrder('z', 150)],
    });
    expect(order).toMatchObject({ currentMgPerDay: 150, newMgPerDay: 25 });
  });
});
