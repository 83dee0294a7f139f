/**
 * `aih-navigator export`: pulls a Bulk Data export from an EHR with SMART Backend Services and screens
 * it, in one command. Needs only the FHIR base URL, the registered client id and its private key. Once
 * the server has prepared the export, each output file is streamed into the classifier as it downloads
 * (the result is what `classify DIR` gives for the same files, with the same options); with `--out DIR`
 * the files are also kept there, and an interrupted run resumes there. Ctrl-C cancels the server's job
 * (DELETE). State and the server's error files go to `--out DIR` or to a temporary folder removed at the end.
 */
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BulkError } from '../bulk/http.js';
import { CLASSIFY_OPTION_SPECS } from './args.js';
import { loadClientKey } from '../bulk/keys.js';
import { expectedBytes, expectedPatients } from '../bulk/expected-size.js';
import {
  completeExport,
  downloadRemaining,
  prepareExport,
  runExport,
  type ExportRequest,
  type ExportResult,
  type PreparedExport,
} from '../bulk/run-export.js';
import { streamedOutputs } from '../bulk/stream-download.js';
import { exportFilesInReadingOrder, type InputFile } from './input-files.js';
import { SourceFailure, type LineSource } from './line-source.js';
import { classifyCommand, type CliIo } from './classify.js';
import { ruleInputTypes } from './cohort.js';
import { EXIT, type ExitCode } from './help.js';
import { Progress } from './progress.js';

export const EXPORT_HELP = `Usage: aih-navigator export --fhir-base URL --client-id ID --key FILE [options]

Pulls a FHIR Bulk Data export (Group/{id}/$export, or Patient/$export) of the resource types the rules
read, authorised with SMART Backend Services (a JWT client assertion signed with your private key), then
classifies it as 'aih-navigator classify' does and writes the result on stdout.

  --fhir-base URL        the EHR's FHIR base URL (https; http only for this machine)
  --client-id ID         the backend-services client id registered with the EHR
  --key FILE             the private key: a JWKS/JWK with "d", or an unencrypted PKCS #8 PEM
  --alg RS384|ES384      signing algorithm (default: from the key)
  --kid KID              key id, when the JWKS holds several keys
  --group ID             export Group/ID (default: Patient/$export, every patient)
  --type-filter QUERY    a _typeFilter query (repeatable), e.g. "MedicationRequest?status=active"
  --scope-version 1|2    SMART scopes as registered: 2 = system/T.rs (default), 1 = system/T.read
  --out DIR              keep the export in DIR; a run that was interrupted resumes there
  --no-classify          only download
  --as-of, --format, --site-config, -j/--jobs, --shard, --memory-budget   as for classify

A progress line (server progress, files and bytes downloaded) is shown when stderr is a terminal.
Exit codes: as classify, and 4 when the export could not be completed (run again with the same --out to
resume).
`;

const CLASSIFY_OPTIONS = Object.keys(CLASSIFY_OPTION_SPECS) as (keyof typeof CLASSIFY_OPTION_SPECS)[];

export async function exportCommand(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        'fhir-base': { type: 'string' },
        'client-id': { type: 'string' },
        key: { type: 'string' },
        alg: { type: 'string' },
        kid: { type: 'string' },
        group: { type: 'string' },
        'type-filter': { type: 'string', multiple: true },
        'scope-version': { type: 'string' },
        out: { type: 'string' },
        'no-classify': { type: 'boolean' },
        ...CLASSIFY_OPTION_SPECS,
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return usage(io, error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    io.stdout.write(EXPORT_HELP);
    return EXIT.ok;
  }
  const fhirBase = values['fhir-base'];
  const clientId = values['client-id'];
  if (fhirBase === undefined || clientId === undefined || values.key === undefined)
    return usage(io, 'export needs --fhir-base, --client-id and --key');
  const baseProblem = fhirBaseProblem(fhirBase);
  if (baseProblem) return usage(io, baseProblem);
  if (values.alg !== undefined && values.alg !== 'RS384' && values.alg !== 'ES384')
    return usage(io, `--alg must be RS384 or ES384, got "${values.alg}"`);
  const scopeVersion = values['scope-version'] ?? '2';
  if (scopeVersion !== '1' && scopeVersion !== '2') return usage(io, '--scope-version must be 1 or 2');
  const classifyArgs = CLASSIFY_OPTIONS.flatMap((name) =>
    values[name] === undefined ? [] : [`--${name}`, String(values[name])],
  );

  const progress = new Progress(io.stderr);
  const dir = values.out ?? (await mkdtemp(join(tmpdir(), 'aih-navigator-export-')));
  const keep = values.out !== undefined;
  let cancel: (() => Promise<void>) | undefined;
  const onInterrupt = (): void => {
    progress.clear();
    io.stderr.write('aih-navigator export: cancelled; telling the server to delete the export\n');
    void (cancel?.() ?? Promise.resolve())
      .finally(() => (keep ? undefined : rm(dir, { recursive: true, force: true })))
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', onInterrupt);
  const started = Date.now();
  try {
    await mkdir(dir, { recursive: true });
    const key = await loadClientKey(values.key, values.alg as 'RS384' | 'ES384' | undefined, values.kid);
    const request: ExportRequest = {
      fhirBase,
      clientId,
      key,
      types: ruleInputTypes(),
      scopeVersion: scopeVersion === '1' ? 1 : 2,
      dir,
      ...(values.group ? { groupId: values.group } : {}),
      ...(values['type-filter'] ? { typeFilters: values['type-filter'] } : {}),
      onJob: (cancelJob) => {
        cancel = cancelJob;
      },
      onPolling: (serverProgress) =>
        progress.update(
          () => `export: the server is preparing the files${serverProgress ? ` (${serverProgress})` : ''}`,
        ),
      onDownload: ({ filesDone, files, bytes }) =>
        progress.update(() => `export: downloaded ${filesDone} of ${files} files, ${megabytes(bytes)}`),
    };
    const summarise = (result: ExportResult): void => {
      progress.clear();
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      io.stderr.write(
        `aih-navigator export: ${result.manifest.output.length} files${result.resumed ? ' (resumed)' : ''} in ${seconds} s${keep ? ` in ${dir}` : ''}\n`,
      );
      if (result.errorIssues > 0) {
        const where = keep ? ` (see ${result.errorFiles.map((f) => join(dir, f)).join(', ')})` : '';
        io.stderr.write(
          `aih-navigator export: the server reported ${result.errorIssues} problem(s) exporting resources${where}; the screen may be incomplete\n`,
        );
      }
    };
    if (values['no-classify']) {
      summarise(await runExport(request));
      return EXIT.ok;
    }
    const prepared = await prepareExport(request);
    progress.clear();
    const code = await classifyWhileDownloading(prepared, request, keep, classifyArgs, io);
    summarise(await completeExport(prepared, request, new Set(prepared.manifest.output.map((f) => f.url))));
    return code;
  } catch (error) {
    progress.clear();
    if (!(error instanceof BulkError)) throw error;
    const resume = keep ? '; run the same command again to resume' : '; use --out DIR to keep and resume';
    io.stderr.write(`aih-navigator export: ${error.message}${resume}\n`);
    return EXIT.exportFailed;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Classifies the output files as they download. A file that cannot be downloaded stops the run (exit 4):
 * with `--out`, the other files are still downloaded, so that the next run needs only that one.
 */
async function classifyWhileDownloading(
  prepared: PreparedExport,
  request: ExportRequest,
  keep: boolean,
  classifyArgs: readonly string[],
  io: CliIo,
): Promise<ExitCode> {
  const failed = new Set<string>();
  const outputs = streamedOutputs(prepared.manifest, {
    ...(keep ? { keepDir: request.dir } : {}),
    state: prepared.state,
    fetch: prepared.fetch,
    sleep: prepared.sleep,
    onFailed: (url) => failed.add(url),
  });
  const sources = new Map<InputFile, LineSource>();
  const files = outputs.map((output) => {
    const file: InputFile = { path: join(request.dir, output.path), kind: 'ndjson' };
    sources.set(file, output.lines);
    return file;
  });
  try {
    return await classifyCommand([...classifyArgs, request.dir], io, {
      files: exportFilesInReadingOrder(files),
      sources,
      bytes: expectedBytes(prepared.manifest, prepared.state),
      patients: expectedPatients(prepared.manifest),
    });
  } catch (error) {
    if (!(error instanceof SourceFailure)) throw error;
    if (keep) await downloadRemaining(prepared, request, failed);
    throw new BulkError(error.message);
  }
}

function usage(io: CliIo, message: string): ExitCode {
  io.stderr.write(`aih-navigator export: ${message}\nTry 'aih-navigator export --help'.\n`);
  return EXIT.usage;
}

/** https, or http to this machine only (a token must never cross a network in clear). */
function fhirBaseProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `--fhir-base is not a URL: "${text}"`;
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) return undefined;
  return '--fhir-base must be https (http only for 127.0.0.1 or localhost)';
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
