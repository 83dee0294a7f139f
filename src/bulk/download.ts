/**
 * Downloads the files of a finished export, a few at a time, each streamed to disk while it is hashed;
 * a file counts as downloaded only once complete (renamed from `.part`) and recorded with its size and
 * SHA-256. A transient failure (429, 5xx, network) is retried with back-off; what still fails stops the
 * run with the state saved, so the next run downloads only what is missing.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { ExportManifest } from './export-job.js';
import { saveState, stillValid, type ExportState } from './export-state.js';
import { BulkError, describeResponse, type AuthorisedFetch } from './http.js';

export interface DownloadProgress {
  filesDone: number;
  files: number;
  bytes: number;
}

export interface DownloadOptions {
  dir: string;
  state: ExportState;
  fetch: AuthorisedFetch;
  sleep: (ms: number) => Promise<void>;
  concurrency?: number;
  onProgress?: (progress: DownloadProgress) => void;
}

interface Planned {
  url: string;
  path: string;
}

const ATTEMPTS = 4;

/** Where each output and error file goes: `Type.ndjson` (`Type.2.ndjson` …); error files in `errors/`. */
export function planFiles(manifest: ExportManifest): Planned[] {
  const seen = new Map<string, number>();
  const name = (type: string, folder: string): string => {
    const n = (seen.get(`${folder}${type}`) ?? 0) + 1;
    seen.set(`${folder}${type}`, n);
    const safe = type.replace(/[^A-Za-z]/g, '') || 'Resource';
    return `${folder}${safe}${n === 1 ? '' : `.${n}`}.ndjson`;
  };
  return [
    ...manifest.output.map((file) => ({ url: file.url, path: name(file.type, '') })),
    ...manifest.error.map((file) => ({ url: file.url, path: name(file.type, 'errors/') })),
  ];
}

export async function downloadAll(manifest: ExportManifest, options: DownloadOptions): Promise<void> {
  const planned = planFiles(manifest);
  const progress: DownloadProgress = { filesDone: 0, files: planned.length, bytes: 0 };
  const todo: Planned[] = [];
  for (const file of planned) {
    const known = options.state.files[file.url];
    if (known !== undefined && (await stillValid(options.dir, known))) {
      progress.filesDone += 1;
      progress.bytes += known.bytes;
    } else {
      todo.push(file);
    }
  }
  options.onProgress?.(progress);
  let saving = Promise.resolve();
  const worker = async (): Promise<void> => {
    for (let file = todo.shift(); file !== undefined; file = todo.shift()) {
      const done = await downloadOne(file, manifest.requiresAccessToken, options, (bytes) => {
        progress.bytes += bytes;
        options.onProgress?.(progress);
      });
      options.state.files[file.url] = done;
      progress.filesDone += 1;
      options.onProgress?.(progress);
      // One state write at a time, in order.
      saving = saving.then(() => saveState(options.dir, options.state));
      await saving;
    }
  };
  const workers = Array.from({ length: Math.max(1, options.concurrency ?? 3) }, worker);
  const results = await Promise.allSettled(workers);
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
}

async function downloadOne(
  file: Planned,
  requiresAccessToken: boolean,
  options: DownloadOptions,
  onBytes: (bytes: number) => void,
): Promise<{ path: string; bytes: number; sha256: string }> {
  const target = join(options.dir, file.path);
  await mkdir(dirname(target), { recursive: true });
  for (let attempt = 1; ; attempt += 1) {
    let counted = 0;
    try {
      const response = await options.fetch(file.url, {
        withToken: requiresAccessToken,
        headers: { accept: 'application/fhir+ndjson' },
      });
      if (!response.ok || response.body === null) {
        const reason = await describeResponse(response);
        const transient = response.status === 429 || response.status >= 500;
        throw transient
          ? new Error(reason)
          : new BulkError(`${file.path} could not be downloaded: ${reason}`);
      }
      const hash = createHash('sha256');
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          counted += chunk.length;
          onBytes(chunk.length);
          done(null, chunk);
        },
      });
      const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
      await pipeline(body, meter, createWriteStream(`${target}.part`));
      await rename(`${target}.part`, target);
      return { path: file.path, bytes: counted, sha256: hash.digest('hex') };
    } catch (error) {
      onBytes(-counted);
      await rm(`${target}.part`, { force: true });
      if (error instanceof BulkError) throw error;
      if (attempt >= ATTEMPTS) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new BulkError(`${file.path} could not be downloaded after ${ATTEMPTS} attempts (${reason})`);
      }
      await options.sleep(1000 * 2 ** (attempt - 1));
    }
  }
}
