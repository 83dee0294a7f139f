/**
 * `classify --memory-budget`: the built command over an export larger than its budget partitions it on
 * disk, writes the bytes of a run in memory, and leaves no temporary file behind, also when it is
 * interrupted (Ctrl-C, SIGTERM).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain JavaScript benchmark helper without type declarations
import { generateExport } from '../../bench/generate-export.mjs';
import { ensureBuilt, ROOT } from './built-cli.js';

const AS_OF = '2025-06-30';
const BIN = join(ROOT, 'bin/aih-navigator.mjs');
/** Each test spawns runs of the built command over an 80 MB export. */
const SLOW = 300_000;
/** Two worker threads, and a budget that an 80 MB export exceeds: two spill partitions. */
const SPILLING = ['-j', '2', '--memory-budget', '64'];
let folder: string;
let temp: string;

beforeAll(() => {
  ensureBuilt();
  folder = mkdtempSync(join(tmpdir(), 'aih-cli-spill-export-'));
  temp = mkdtempSync(join(tmpdir(), 'aih-cli-spill-tmp-'));
  generateExport({ patients: 1200, out: folder, asOf: AS_OF });
}, SLOW);
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
  rmSync(temp, { recursive: true, force: true });
});

/** The built command with TMPDIR set to `tmp`. */
function classify(args: readonly string[], tmp = temp) {
  const result = spawnSync(process.execPath, [BIN, 'classify', '--as-of', AS_OF, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, TMPDIR: tmp },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('classify over its memory budget (built command)', () => {
  it(
    'partitions on disk and writes the bytes of a run in memory, NDJSON and CSV',
    () => {
      for (const format of ['ndjson', 'csv']) {
        const inMemory = classify(['-j', '2', '--format', format, folder]);
        expect(inMemory.status).toBe(0);
        expect(inMemory.stdout.split('\n').length).toBeGreaterThan(1200);
        const spilled = classify([...SPILLING, '--format', format, folder]);
        expect(spilled).toEqual(inMemory);
        expect(readdirSync(temp)).toEqual([]);
      }
    },
    SLOW,
  );

  it(
    'needs its temporary folder: one it cannot create is an internal error, not a wrong screen',
    () => {
      const result = classify([...SPILLING, folder], join(temp, 'missing'));
      expect(result.status).toBe(70);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/internal error/);
    },
    SLOW,
  );

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    'removes its private temporary folder when stopped by %s',
    async (signal, exitCode) => {
      const child = spawn(process.execPath, [BIN, 'classify', '--as-of', AS_OF, ...SPILLING, folder], {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, TMPDIR: temp },
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      // Wait for the partition files, then interrupt the run while it uses them.
      let spillDir: string | undefined;
      for (let tries = 0; spillDir === undefined && tries < 3000; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        const dir = readdirSync(temp).find((name) => name.startsWith('aih-navigator-classify-'));
        if (dir !== undefined && readdirSync(join(temp, dir)).length > 0) spillDir = join(temp, dir);
      }
      expect(spillDir).toBeDefined();
      expect(statSync(spillDir ?? '').mode & 0o777).toBe(0o700);
      child.kill(signal);
      expect(await exited).toBe(exitCode);
      expect(readdirSync(temp)).toEqual([]);
    },
    SLOW,
  );
});
