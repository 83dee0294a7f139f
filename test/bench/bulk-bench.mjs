#!/usr/bin/env node
// Benchmark of `aih-navigator export` (npm run bench:bulk): a Bulk Data export of --patients patients
// (default 20,000: copies of the demo EHR's synthetic charts) pulled from the demo EHR over loopback HTTP
// and classified while it downloads, against a plain `classify` of the same files on disk.
//   export --out DIR   streams each file into the classifier and keeps it in DIR;
//   export             streams only (no copy of the export on disk);
//   classify DIR       the same files, already on disk (page cache warm).
// Prints wall time, CPU time and peak RSS of each, the load average around each run (other work on the
// machine moves every figure), and the ratios. Target: export ≤ 1.3× classify. Exit code 1 when missed.
//   node test/bench/bulk-bench.mjs [--patients N] [--dir DIR]
import console from 'node:console';
import process from 'node:process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { exportJWK, generateKeyPair } from 'jose';
import { runCli } from './run-cli.mjs';

const AS_OF = '2025-06-30';
const { values } = parseArgs({ options: { patients: { type: 'string' }, dir: { type: 'string' } } });
const wanted = values.patients ? Number(values.patients) : 20_000;
const dir = values.dir ?? '.bench/bulk';

if (!existsSync('dist/sandbox/server.js') || !existsSync('dist/cli/main.js')) {
  console.error('build first: npm run build:node');
  process.exit(70);
}
const { startSandbox } = await import(join(process.cwd(), 'dist/sandbox/server.js'));

const keys = await generateKeyPair('RS384', { extractable: true });
const publicJwk = { ...(await exportJWK(keys.publicKey)), kid: 'bench', alg: 'RS384' };
const privateJwk = { ...(await exportJWK(keys.privateKey)), kid: 'bench', alg: 'RS384' };
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const keyFile = join(dir, 'key.jwks.json');
writeFileSync(keyFile, JSON.stringify({ keys: [privateJwk] }), { mode: 0o600 });
const out = join(dir, 'export');

const probe = await startSandbox({ port: 0, appUrl: 'http://127.0.0.1:9', today: AS_OF });
const charts = probe.context.patients.length;
await probe.close();
const copies = Math.ceil(wanted / charts);
const ehr = await startSandbox({
  port: 0,
  appUrl: 'http://127.0.0.1:9',
  today: AS_OF,
  bulk: { clients: [{ clientId: 'bench', jwks: { keys: [publicJwk] } }], copies, retryAfterSeconds: 0 },
});
const exportArgs = [
  'export',
  '--fhir-base',
  ehr.fhirBase,
  '--client-id',
  'bench',
  '--key',
  keyFile,
  '--as-of',
  AS_OF,
];
try {
  console.log(`demo EHR: ${charts} charts × ${copies} copies = ${charts * copies} patients`);
  const kept = await runCli([...exportArgs, '--out', out]);
  if (kept.code !== 0) throw new Error(`export --out exited with ${kept.code}\n${kept.stderr.slice(-2000)}`);
  const files = readdirSync(out).filter((name) => name.endsWith('.ndjson'));
  const bytes = files.reduce((sum, name) => sum + statSync(join(out, name)).size, 0);
  console.log(`export: ${files.length} files, ${(bytes / 1e9).toFixed(2)} GB`);
  const plain = await runCli(['classify', '--as-of', AS_OF, out]);
  if (plain.code !== 0) throw new Error(`classify exited with ${plain.code}\n${plain.stderr.slice(-2000)}`);
  const streamed = await runCli(exportArgs);
  if (streamed.code !== 0)
    throw new Error(`export exited with ${streamed.code}\n${streamed.stderr.slice(-2000)}`);
  const row = (name, run) =>
    console.log(
      `${name.padEnd(22)} ${run.seconds.toFixed(1).padStart(7)} s wall, CPU ${run.cpuSeconds.toFixed(1)} s, ` +
        `peak RSS ${run.rssMb.toFixed(0)} MB, ${(run.seconds / plain.seconds).toFixed(2)}× classify; load average ${run.load}`,
    );
  row('export --out DIR', kept);
  row('export (stream only)', streamed);
  row('classify DIR', plain);
  const ratio = Math.max(kept.seconds, streamed.seconds) / plain.seconds;
  console.log(
    `export / classify: ${ratio.toFixed(2)}× (the slower export) ${ratio <= 1.3 ? 'ok' : 'OVER the 1.3× target'}`,
  );
  if (ratio > 1.3) process.exitCode = 1;
} finally {
  await ehr.close();
  rmSync(dir, { recursive: true, force: true });
}
