// Runs the built `aih-navigator` command for a benchmark: its wall time, CPU time and peak RSS, and the
// machine's load average around it (other work on the 2 cores moves every figure). Uses GNU time when
// the machine has it; otherwise the command runs inside a small wrapper that reports its own figures.
import process from 'node:process';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';

/** The 1, 5 and 15 minute load averages. */
export function loadAverage() {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

const WRAPPER = [
  "process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write('Maximum resident set size (kbytes): ' + u.maxRSS + '\\nUser time (seconds): ' + u.userCPUTime / 1e6 + '\\nSystem time (seconds): ' + u.systemCPUTime / 1e6 + '\\n'); });",
  "process.argv.splice(1, 0, 'bin/aih-navigator.mjs');",
  "await import('./bin/aih-navigator.mjs');",
].join('\n');

/** Runs `aih-navigator ...args` with stdout to /dev/null; resolves with its code, figures and stderr. */
export function runCli(args) {
  const [command, commandArgs] = existsSync('/usr/bin/time')
    ? ['/usr/bin/time', ['-v', process.execPath, 'bin/aih-navigator.mjs', ...args]]
    : [process.execPath, ['--input-type=module', '-e', WRAPPER, ...args]];
  const devNull = openSync('/dev/null', 'w');
  const loadBefore = loadAverage();
  const started = process.hrtime.bigint();
  const child = spawn(command, commandArgs, { stdio: ['ignore', devNull, 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => {
    child.on('close', (code) => {
      closeSync(devNull);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const number = (pattern) => Number(pattern.exec(stderr)?.[1] ?? NaN);
      resolve({
        code,
        seconds,
        cpuSeconds: number(/User time \(seconds\): ([\d.]+)/) + number(/System time \(seconds\): ([\d.]+)/),
        rssMb: number(/Maximum resident set size \(kbytes\): (\d+)/) / 1024,
        load: `${loadBefore} → ${loadAverage()}`,
        stderr,
      });
    });
  });
}
