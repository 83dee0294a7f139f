/** The built command (`node bin/aih-navigator.mjs …`), as a site runs it; built on demand from the sources. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../../..');
const BIN = join(ROOT, 'bin/aih-navigator.mjs');
const BUILT = join(ROOT, 'dist/cli/main.js');

function newestSource(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when it is missing or older than the sources it is compiled from. */
export function ensureBuilt(): void {
  const sources = ['src/cli', 'src/core', 'src/fhir'].map((folder) => newestSource(join(ROOT, folder)));
  if (existsSync(BUILT) && statSync(BUILT).mtimeMs >= Math.max(...sources)) return;
  // tsc still emits when unrelated files have type errors, so the result is judged by the output file.
  spawnSync('flock', ['/tmp/aih-navigator-build.lock', 'npm', 'run', 'build:node'], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  if (!existsSync(BUILT)) throw new Error('npm run build:node did not produce dist/cli/main.js');
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `aih-navigator COMMAND ARGS…` and returns what it wrote and its exit code. */
export function runBuilt(command: string, args: readonly string[]): CliRun {
  const result = spawnSync(process.execPath, [BIN, command, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs `aih-navigator classify ARGS…`. */
export function classify(args: readonly string[]): CliRun {
  return runBuilt('classify', args);
}
