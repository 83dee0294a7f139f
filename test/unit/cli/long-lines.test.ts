import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Capture } from './capture.js';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { patient } from './resources.js';

const dir = mkdtempSync(join(tmpdir(), 'aih-cli-long-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('classify on one thread', () => {
  it('reads a 40 MB line in linear time and assesses it with the lines around it', async () => {
    const file = join(dir, 'Patient.ndjson');
    const long = JSON.stringify({ ...patient('long'), text: { div: 'x'.repeat(40 * 1024 * 1024) } });
    writeFileSync(file, [JSON.stringify(patient('a')), long, JSON.stringify(patient('b'))].join('\n'));
    const stdout = new Capture();
    const stderr = new Capture();
    const started = performance.now();
    const code = await runCli(['classify', '--as-of', '2025-03-01', '--format', 'csv', file], {
      stdout,
      stderr,
      now: () => new Date(2025, 2, 1),
    });
    // The text reader joined every read onto the unfinished line: 40 MB took over a minute on a busy machine.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(code).toBe(0);
    expect(stdout.text.split('\r\n').map((row) => row.split(',')[0])).toEqual([
      'patient',
      'a',
      'b',
      'long',
      '',
    ]);
  }, 60_000);

  it('skips a deeply nested line with its file:line and assesses the rest', async () => {
    const file = join(dir, 'Nested.ndjson');
    const nested = '{"resourceType":"Bundle","type":"collection","entry":[{"resource":'.repeat(20_000);
    const deep = `${nested}{"resourceType":"Patient","id":"deep"}${'}]}'.repeat(20_000)}`;
    writeFileSync(file, [JSON.stringify(patient('a')), deep, JSON.stringify(patient('b'))].join('\n'));
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await runCli(['classify', '--as-of', '2025-03-01', '--format', 'csv', file], {
      stdout,
      stderr,
      now: () => new Date(2025, 2, 1),
    });
    expect(code).toBe(1);
    expect(stderr.text).toContain(`${file}:2: JSON nested deeper than 64 levels; skipped`);
    expect(stdout.text.split('\r\n').map((row) => row.split(',')[0])).toEqual(['patient', 'a', 'b', '']);
  });

  it('reports a deeply nested Bundle file as unreadable and reads the other files', async () => {
    const deep = join(dir, 'deep.json');
    const nested = '{"resourceType":"Bundle","type":"collection","entry":[{"resource":'.repeat(5_000);
    writeFileSync(deep, `${nested}{"resourceType":"Patient","id":"deep"}${'}]}'.repeat(5_000)}`);
    const fine = join(dir, 'fine.ndjson');
    writeFileSync(fine, JSON.stringify(patient('c')));
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await runCli(['classify', '--as-of', '2025-03-01', '--format', 'csv', deep, fine], {
      stdout,
      stderr,
      now: () => new Date(2025, 2, 1),
    });
    expect(code).toBe(1);
    expect(stderr.text).toContain(`${deep}: JSON nested deeper than 64 levels; skipped`);
    expect(stdout.text.split('\r\n').map((row) => row.split(',')[0])).toEqual(['patient', 'c', '']);
  });
});
