#!/usr/bin/env node
// Benchmark of `aih-navigator classify` over a synthetic Bulk Data export (npm run bench:cli).
// Generates .bench/export if absent, then in one run measures:
//   floor    – reading every file line by line and JSON.parse of each line (nothing else), single thread;
//   classify – `node bin/aih-navigator.mjs classify --as-of … .bench/export > /dev/null`: wall time, peak RSS.
// Targets: classify ≤ 2× floor, peak RSS < 1 GB. Exit code 1 when a target is missed.
//   node test/bench/cli-bench.mjs [--patients N] [--regenerate]
import console from 'node:console';
import process from 'node:process';
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, openSync, readdirSync, closeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_OUT, DEFAULT_PATIENTS, generateExport } from './generate-export.mjs';

const AS_OF = '2025-06-30';
const { values } = parseArgs({ options: { patients: { type: 'string' }, regenerate: { type: 'boolean' } } });
const exportDir = DEFAULT_OUT;

if (values.regenerate || !existsSync(join(exportDir, 'Patient.ndjson'))) {
  const patients = values.patients ? Number(values.patients) : DEFAULT_PATIENTS;
  console.log(`generating a synthetic export of ${patients} patients in ${exportDir} …`);
  const result = generateExport({ patients, out: exportDir, asOf: AS_OF });
  console.log(`  ${result.total} resources`);
}
if (!existsSync('dist/cli/main.js')) {
  console.log('building (npm run build:node) …');
  const build = spawnSync('npm', ['run', 'build:node'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(70);
}

const files = readdirSync(exportDir)
  .filter((name) => name.endsWith('.ndjson'))
  .map((name) => join(exportDir, name));

/** Reads every byte once so both measurements start from the same (warm) page cache. */
async function warmCache() {
  for (const file of files)
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) void chunk;
}

/** Floor with node:readline: the textbook way to read NDJSON. */
async function floorReadline() {
  let lines = 0;
  for (const file of files) {
    const rl = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    for await (const line of rl) {
      if (line.length > 0) {
        JSON.parse(line);
        lines += 1;
      }
    }
  }
  return lines;
}

/** Floor with chunked reading and manual splitting: the cheapest way we know to read and parse. */
async function floorChunked() {
  let lines = 0;
  for (const file of files) {
    let pending = '';
    for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 })) {
      const text = pending + chunk;
      let start = 0;
      let newline = text.indexOf('\n');
      while (newline !== -1) {
        if (newline > start) {
          JSON.parse(text.slice(start, newline));
          lines += 1;
        }
        start = newline + 1;
        newline = text.indexOf('\n', start);
      }
      pending = text.slice(start);
    }
    if (pending.length > 0) {
      JSON.parse(pending);
      lines += 1;
    }
  }
  return lines;
}

async function timed(fn) {
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const result = await fn();
  const cpu = process.cpuUsage(cpuBefore);
  return {
    result,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

function runClassify() {
  const useTime = existsSync('/usr/bin/time');
  const cli = ['bin/aih-navigator.mjs', 'classify', '--as-of', AS_OF, exportDir];
  // Without GNU time, the CLI runs inside a small wrapper that reports its own peak RSS on exit.
  const wrapper = [
    "process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write('Maximum resident set size (kbytes): ' + u.maxRSS + '\\nUser time (seconds): ' + u.userCPUTime / 1e6 + '\\nSystem time (seconds): ' + u.systemCPUTime / 1e6 + '\\n'); });",
    "process.argv.splice(1, 0, 'bin/aih-navigator.mjs');",
    "await import('./bin/aih-navigator.mjs');",
  ].join('\n');
  const [command, args] = useTime
    ? ['/usr/bin/time', ['-v', process.execPath, ...cli]]
    : [process.execPath, ['--input-type=module', '-e', wrapper, ...cli.slice(1)]];
  const devNull = openSync('/dev/null', 'w');
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { stdio: ['ignore', devNull, 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => {
    child.on('close', (code) => {
      closeSync(devNull);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const rssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1] ?? NaN);
      const user = Number(/User time \(seconds\): ([\d.]+)/.exec(stderr)?.[1] ?? NaN);
      const system = Number(/System time \(seconds\): ([\d.]+)/.exec(stderr)?.[1] ?? NaN);
      resolve({ code, seconds, cpuSeconds: user + system, rssMb: rssKb / 1024, stderr });
    });
  });
}

await warmCache();
const patients = (
  await timed(async () => {
    let count = 0;
    const rl = createInterface({ input: createReadStream(join(exportDir, 'Patient.ndjson')) });
    for await (const line of rl) if (line.trim()) count += 1;
    return count;
  })
).result;
const chunked = await timed(floorChunked);
const readline = await timed(floorReadline);
const floor = Math.min(chunked.seconds, readline.seconds);
console.log(`export: ${exportDir}, ${files.length} files, ${chunked.result} resources, ${patients} patients`);
console.log(
  `floor (read + JSON.parse, chunked):  ${chunked.seconds.toFixed(2)} s (CPU ${chunked.cpuSeconds.toFixed(2)} s)`,
);
console.log(
  `floor (read + JSON.parse, readline): ${readline.seconds.toFixed(2)} s (CPU ${readline.cpuSeconds.toFixed(2)} s)`,
);

const classify = await runClassify();
if (classify.code !== 0) {
  console.error(`classify exited with ${classify.code}\n${classify.stderr.slice(-2000)}`);
  process.exit(1);
}
const ratio = classify.seconds / floor;
const timeOk = ratio <= 2;
const rssOk = classify.rssMb < 1024;
console.log(
  `classify wall time: ${classify.seconds.toFixed(2)} s (${Math.round(patients / classify.seconds)} patients/s; CPU ${classify.cpuSeconds.toFixed(2)} s)`,
);
console.log(`classify peak RSS:  ${classify.rssMb.toFixed(0)} MB  ${rssOk ? 'ok' : 'OVER the 1 GB target'}`);
console.log(
  `classify / floor:   ${ratio.toFixed(2)}×  ${timeOk ? 'ok' : 'OVER the 2× target'} (floor = faster of the two, ${floor.toFixed(2)} s)`,
);
// On a shared machine wall times drift with the load; the CPU-time ratio is the steadier figure.
const floorCpu = Math.min(chunked.cpuSeconds, readline.cpuSeconds);
console.log(
  `CPU time ratio:     ${(classify.cpuSeconds / floorCpu).toFixed(2)}× (floor CPU ${floorCpu.toFixed(2)} s)`,
);
if (!timeOk || !rssOk) process.exitCode = 1;
