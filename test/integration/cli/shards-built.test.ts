/**
 * `classify --shard i/N` and `merge`: N independent runs over the same export, merged, give the bytes of one
 * run over the whole export, on one thread and on several, as NDJSON and as CSV.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript benchmark helper without type declarations
import { generateExport } from '../../bench/generate-export.mjs';
import { ensureBuilt, runBuilt } from './built-cli.js';

const AS_OF = '2025-06-30';
/** Each test spawns several runs of the built command. */
const SLOW = 180_000;
const SHARDS = 4;
let folder: string;
let outputs: string;

beforeAll(() => {
  ensureBuilt();
  folder = mkdtempSync(join(tmpdir(), 'aih-cli-shards-export-'));
  outputs = mkdtempSync(join(tmpdir(), 'aih-cli-shards-out-'));
  generateExport({ patients: 80, out: folder, asOf: AS_OF });
  // A line the text cannot route (spacing) and one whose patient id must be quoted by a formula guard.
  writeFileSync(
    join(folder, 'Extra.ndjson'),
    [
      '{"resourceType": "Patient", "id": "spaced-patient", "gender": "female"}',
      '{"resourceType":"Patient","id":"-2-3","gender":"male"}',
    ].join('\n') + '\n',
  );
}, 180_000);
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
  rmSync(outputs, { recursive: true, force: true });
});

const written = new Map<string, string[]>();

/** The shard outputs of one format and job count, run once and kept for the other tests. */
function shardOutputs(format: string, jobs: string): string[] {
  const known = written.get(`${format}-${jobs}`);
  if (known) return known;
  const paths = Array.from({ length: SHARDS }, (_, index) => {
    const run = runBuilt('classify', [
      '--as-of',
      AS_OF,
      '--format',
      format,
      '--jobs',
      jobs,
      '--shard',
      `${index}/${SHARDS}`,
      folder,
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const path = join(outputs, `shard-${format}-${jobs}-${index}`);
    writeFileSync(path, run.stdout);
    return path;
  });
  written.set(`${format}-${jobs}`, paths);
  return paths;
}

describe.each([
  ['ndjson', '1'],
  ['ndjson', '2'],
  ['csv', '1'],
  ['csv', '3'],
])('%s output, %s job(s) per shard', (format, jobs) => {
  it('merges to the bytes of one run over the whole export', { timeout: SLOW }, () => {
    const single = runBuilt('classify', ['--as-of', AS_OF, '--format', format, '--jobs', '1', folder]);
    expect(single.status).toBe(0);
    const paths = shardOutputs(format, jobs);
    const merged = runBuilt('merge', paths);
    expect(merged.stderr).toBe('');
    expect(merged.status).toBe(0);
    expect(merged.stdout).toBe(single.stdout);
    // Every shard did part of the work: none is empty, and together they hold everyone once.
    const lineCount = (text: string) => text.split('\n').filter((line) => line.trim().length > 0).length;
    const header = format === 'csv' ? 1 : 0;
    const perShard = paths.map((path) => lineCount(readFileSync(path, 'utf8')) - header);
    expect(perShard.every((count) => count > 0)).toBe(true);
    expect(perShard.reduce((a, b) => a + b, 0)).toBe(lineCount(single.stdout) - header);
  });
});

describe('merge refuses what would make a wrong worklist', () => {
  it('stops with exit 1 when two shard outputs hold the same patient', { timeout: SLOW }, () => {
    const [first] = shardOutputs('ndjson', '1');
    const merged = runBuilt('merge', [first ?? '', first ?? '']);
    expect(merged.status).toBe(1);
    expect(merged.stderr).toMatch(/shard-ndjson-1-0:1: the same patient as .*shard-ndjson-1-0:1/);
    expect(merged.stderr).not.toMatch(/bench-/);
  });

  it(
    'stops when NDJSON and CSV are mixed, and exits 3 for a missing file, 2 without files',
    { timeout: SLOW },
    () => {
      const [ndjson] = shardOutputs('ndjson', '1');
      const [csv] = shardOutputs('csv', '1');
      expect(runBuilt('merge', [ndjson ?? '', csv ?? '']).status).toBe(1);
      expect(runBuilt('merge', [join(outputs, 'missing')]).status).toBe(3);
      expect(runBuilt('merge', []).status).toBe(2);
    },
  );

  it('rejects a malformed --shard as a usage error', { timeout: SLOW }, () => {
    for (const shard of ['4/4', '1/0', 'a/2', '-1/2', '1', '1/2/3']) {
      const run = runBuilt('classify', [`--shard=${shard}`, folder]);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/--shard must be INDEX\/COUNT/);
    }
  });
});
