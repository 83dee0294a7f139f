/**
 * What an export has done so far, kept beside its files (`.aih-export-state.json`), so an interrupted run
 * picks up where it stopped: polling the same job, or downloading only the files not yet verified. Written
 * atomically (a temporary file renamed over the old one), so a crash never leaves half a state.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { manifestSchema } from './export-job.js';

export const STATE_FILE = '.aih-export-state.json';

const fileSchema = z.object({ path: z.string(), bytes: z.number(), sha256: z.string() });
const stateSchema = z.object({
  version: z.literal(1),
  /** The kick-off request: a state is only resumed for the same request. */
  request: z.string(),
  statusUrl: z.string().optional(),
  manifest: manifestSchema.optional(),
  /** Downloaded and verified files, by their URL in the manifest. */
  files: z.record(z.string(), fileSchema),
  deleted: z.boolean().default(false),
});
export type ExportState = z.infer<typeof stateSchema>;
export type DownloadedFile = z.infer<typeof fileSchema>;

export function newState(request: string): ExportState {
  return { version: 1, request, files: {}, deleted: false };
}

/** The saved state of `dir` when it is for `request`; otherwise a new one (the old is not resumed). */
export async function loadState(
  dir: string,
  request: string,
): Promise<{ state: ExportState; resumed: boolean }> {
  const text = await readFile(join(dir, STATE_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return { state: newState(request), resumed: false };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { state: newState(request), resumed: false };
  }
  const parsed = stateSchema.safeParse(json);
  if (!parsed.success || parsed.data.request !== request) return { state: newState(request), resumed: false };
  return { state: parsed.data, resumed: true };
}

export async function saveState(dir: string, state: ExportState): Promise<void> {
  const path = join(dir, STATE_FILE);
  await writeFile(`${path}.tmp`, JSON.stringify(state, null, 1));
  await rename(`${path}.tmp`, path);
}

/** Whether a file recorded as downloaded is still there, whole and unchanged. */
export async function stillValid(dir: string, file: DownloadedFile): Promise<boolean> {
  const path = join(dir, file.path);
  const info = await stat(path).catch(() => undefined);
  if (info?.size !== file.bytes) return false;
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex') === file.sha256;
}
