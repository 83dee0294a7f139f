/**
 * An export's output files as line sources for the classifier: each file is downloaded when the classifier
 * comes to it and its lines go straight on as they arrive, so no file waits for the others and the export
 * need not be on disk first. With a folder to keep (`--out`), each file is also written there as it
 * arrives, hashed, and recorded once whole, exactly as a plain download records it, so an interrupted run
 * resumes: a file already there and unchanged is read from disk instead. A transient failure before the
 * first byte is retried; one after it stops the run (its lines are already classified).
 */
import { createHash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { splitStreamLines } from '../cli/byte-lines.js';
import { fileLines, SourceFailure, type LineSource } from '../cli/line-source.js';
import { planFiles } from './download.js';
import type { ExportManifest } from './export-job.js';
import { saveState, stillValid, type ExportState } from './export-state.js';
import { BulkError, describeResponse, type AuthorisedFetch } from './http.js';

export interface StreamOptions {
  /** Where the files are kept; undefined: nowhere (the lines only go to the classifier). */
  keepDir?: string;
  state: ExportState;
  fetch: AuthorisedFetch;
  sleep: (ms: number) => Promise<void>;
  onBytes?: (bytes: number) => void;
  onFileDone?: () => void;
  /** A file could not be downloaded (by its URL): the run stops. */
  onFailed?: (url: string) => void;
}

export interface StreamedFile {
  url: string;
  /** Relative to the export folder, as planFiles names it. */
  path: string;
  lines: LineSource;
}

const ATTEMPTS = 4;

/** The output files of `manifest` (not the error files), each as a line source. */
export function streamedOutputs(manifest: ExportManifest, options: StreamOptions): StreamedFile[] {
  const outputUrls = new Set(manifest.output.map((file) => file.url));
  return planFiles(manifest)
    .filter((file) => outputUrls.has(file.url))
    .map((file) => ({ ...file, lines: outputLines(file, manifest.requiresAccessToken, options) }));
}

function outputLines(
  file: { url: string; path: string },
  requiresAccessToken: boolean,
  options: StreamOptions,
): LineSource {
  return async (onLine, lineOptions) => {
    const { keepDir, state } = options;
    const known = state.files[file.url];
    if (keepDir !== undefined && known !== undefined && (await stillValid(keepDir, known))) {
      const lines = await fileLines(join(keepDir, known.path))(onLine, lineOptions);
      options.onFileDone?.();
      return lines;
    }
    const response = await open(file, requiresAccessToken, options).catch((error: unknown) => {
      options.onFailed?.(file.url);
      throw error;
    });
    const target = keepDir === undefined ? undefined : join(keepDir, file.path);
    if (target !== undefined) await mkdir(dirname(target), { recursive: true });
    const copy = target === undefined ? undefined : createWriteStream(`${target}.part`);
    const hash = createHash('sha256');
    let bytes = 0;
    async function* chunks(): AsyncIterable<Uint8Array> {
      const body = Readable.fromWeb(response.body as WebReadableStream<Uint8Array>);
      try {
        for await (const chunk of body as AsyncIterable<Buffer>) {
          hash.update(chunk);
          bytes += chunk.length;
          options.onBytes?.(chunk.length);
          if (copy !== undefined && !copy.write(chunk)) await once(copy, 'drain');
          yield chunk;
        }
      } catch (error) {
        throw new DownloadCut(error);
      }
    }
    try {
      const lines = await splitStreamLines(chunks(), onLine, lineOptions);
      if (copy !== undefined && target !== undefined) {
        await closed(copy);
        await rename(`${target}.part`, target);
        state.files[file.url] = { path: file.path, bytes, sha256: hash.digest('hex') };
        await saveState(keepDir ?? '', state);
      }
      options.onFileDone?.();
      return lines;
    } catch (error) {
      if (copy !== undefined) {
        // The copy's file is opened asynchronously: removed only once the stream has closed, or an open
        // still under way would create it again after the removal.
        copy.destroy();
        await finished(copy).catch(() => undefined);
      }
      if (target !== undefined) await rm(`${target}.part`, { force: true });
      // Anything else went wrong in the classifier, which reports it as its own fault.
      if (!(error instanceof DownloadCut)) throw error;
      options.onFailed?.(file.url);
      throw new SourceFailure(`${file.path} could not be downloaded (${error.message})`, { cause: error });
    }
  };
}

/** The file's response, its body not yet read; transient failures retried with back-off. */
async function open(
  file: { path: string; url: string },
  requiresAccessToken: boolean,
  options: StreamOptions,
): Promise<Response & { body: ReadableStream<Uint8Array> }> {
  for (let attempt = 1; ; attempt += 1) {
    let failure: unknown;
    try {
      const response = await options.fetch(file.url, {
        withToken: requiresAccessToken,
        headers: { accept: 'application/fhir+ndjson' },
      });
      if (response.ok && response.body !== null)
        return response as Response & { body: ReadableStream<Uint8Array> };
      const reason = await describeResponse(response);
      if (response.status !== 429 && response.status < 500)
        throw new SourceFailure(`${file.path} could not be downloaded: ${reason}`);
      failure = new Error(reason);
    } catch (error) {
      if (error instanceof SourceFailure || error instanceof BulkError) {
        throw error instanceof SourceFailure ? error : new SourceFailure(error.message, { cause: error });
      }
      failure = error;
    }
    if (attempt >= ATTEMPTS) {
      const reason = failure instanceof Error ? failure.message : String(failure);
      throw new SourceFailure(`${file.path} could not be downloaded after ${ATTEMPTS} attempts (${reason})`);
    }
    await options.sleep(1000 * 2 ** (attempt - 1));
  }
}

/** The download broke off (or its copy could not be written) after its first bytes. */
class DownloadCut extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

function closed(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once('error', reject);
    stream.end(() => resolve());
  });
}
