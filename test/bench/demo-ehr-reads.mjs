#!/usr/bin/env node
/**
 * The demo EHR's side of a launch's FHIR reads: the searches and the read the app sends for one patient
 * (the loader's own plan, page size included), all at once over loopback HTTP as the app sends them,
 * repeated. Reports the median wall time of one round and the CPU the process spent per round (server
 * and client in this one process; the client's share is the same whatever the server does), which is
 * steadier than wall time on a busy machine. No browser: it isolates the server from the page.
 * Usage: npm run build:node && node test/bench/demo-ehr-reads.mjs [--rounds N] [--patient ID]
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadAverageText, median } from './bench-stats.mjs';

const root = resolve(import.meta.dirname, '../..');
const sandboxModule = resolve(root, 'dist/sandbox/server.js');
const planModule = resolve(root, 'dist/fhir/load/search-plan.js');

const { values: options } = parseArgs({
  options: {
    rounds: { type: 'string', default: '200' },
    patient: { type: 'string', default: 'aih-ada' },
  },
});
const rounds = Math.max(1, Number(options.rounds));

for (const path of [sandboxModule, planModule]) {
  if (!existsSync(path)) {
    console.error(`Missing ${path}: npm run build:node`);
    process.exit(2);
  }
}

const { startSandbox } = await import(sandboxModule);
const { planSearches } = await import(planModule);
const sandbox = await startSandbox({ port: 0, appUrl: 'http://127.0.0.1:1' });
const token = sandbox.context.sessions.issueAccess(
  { clientId: 'bench', scope: ['launch', 'patient/*.rs'], patientId: options.patient },
  3600,
);
const urls = planSearches(options.patient, 'generic').map((search) => `${sandbox.fhirBase}/${search.url}`);

async function round() {
  const started = performance.now();
  const statuses = await Promise.all(
    urls.map(async (url) => {
      const response = await fetch(url, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json' },
      });
      await response.arrayBuffer();
      return response.status;
    }),
  );
  if (statuses.some((status) => status !== 200)) throw new Error(`Unexpected status: ${statuses.join(', ')}`);
  return performance.now() - started;
}

try {
  for (let i = 0; i < 20; i += 1) await round(); // warm-up: JIT and the first requests
  const cpuBefore = process.cpuUsage();
  const times = [];
  for (let i = 0; i < rounds; i += 1) times.push(await round());
  const cpu = process.cpuUsage(cpuBefore);
  const cpuPerRound = (cpu.user + cpu.system) / 1000 / rounds;
  console.log(`Demo EHR: the app's ${urls.length} reads for ${options.patient} at once, ${rounds} rounds:`);
  console.log(
    `  wall per round: median ${median(times).toFixed(1)} ms; min ${Math.min(...times).toFixed(1)} ms`,
  );
  console.log(`  CPU per round (server and client): ${cpuPerRound.toFixed(1)} ms`);
  console.log(`Machine load average (1, 5, 15 min): ${loadAverageText()}`);
} finally {
  await sandbox.close();
}
