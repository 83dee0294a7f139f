/** Runs the built command (`node bin/aih-navigator.mjs classify …`), building dist/ when it is stale. */
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

export function ensureBuilt(): void {
  const sources = ['src/cli', 'src/core', 'src/fhir'].map((folder) => newestSource(join(ROOT, folder)));
  if (existsSync(BUILT) && statSync(BUILT).mtimeMs >= Math.max(...sources)) return;
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

export function classify(args: string[]): CliRun {
  const result = spawnSync(process.execPath, [BIN, 'classify', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
