/**
 * Durable, append-only log of card feedback (one JSON object per line, NDJSON).
 *
 * Durability: each batch is appended on a file opened in append mode, every byte of it (a write
 * may take only part of what it was given: on a full disk, or a signal), and then fsync()ed before
 * the HTTP answer goes out, so feedback the EHR was told is stored survives a crash or power loss.
 * When a write or the fsync fails, the file is truncated back to its length before the batch, so no
 * half-written record stays behind, and the call is answered with an error (never 200). The file's directory entry is fsync()ed once when the file is created.
 * A crash in the middle of a write can leave a last line without its newline: on open such a
 * torn line is closed with a newline (never rewritten or truncated) so the next record starts on
 * a line of its own, and on read every line that is not a complete, valid record is skipped and
 * counted. Appends are queued so concurrent requests never interleave their bytes.
 *
 * Privacy: only what measures the card's use is kept (card uuid, outcome, accepted suggestion
 * uuids, override reason code, timestamp). A free-text user comment may name the patient, so
 * only whether one was given is recorded.
 */
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { FeedbackItem } from './schemas.js';

export const FEEDBACK_FILE = 'feedback.ndjson';

const storedFeedbackSchema = z.object({
  card: z.string(),
  outcome: z.enum(['accepted', 'overridden']),
  acceptedSuggestions: z.array(z.string()),
  overrideReason: z.object({ system: z.string().optional(), code: z.string() }).optional(),
  userCommentGiven: z.boolean(),
  outcomeTimestamp: z.string(),
});

export type StoredFeedback = z.infer<typeof storedFeedbackSchema>;

export interface FeedbackLog {
  records: StoredFeedback[];
  /** Lines that were torn by a crash or are otherwise not a valid record. */
  skippedLines: number;
}

/** Keeps only what may be stored (see the file comment). */
export function toStoredFeedback(item: FeedbackItem): StoredFeedback {
  const reason = item.overrideReason?.reason;
  return {
    card: item.card,
    outcome: item.outcome,
    acceptedSuggestions: (item.acceptedSuggestions ?? []).map((s) => s.id),
    ...(reason
      ? { overrideReason: { ...(reason.system ? { system: reason.system } : {}), code: reason.code } }
      : {}),
    userCommentGiven: (item.overrideReason?.userComment ?? '').trim() !== '',
    outcomeTimestamp: item.outcomeTimestamp,
  };
}

/** What the store needs of an open file (a `FileHandle`; tests wrap one to fail writes). */
export type LogFile = Pick<FileHandle, 'write' | 'sync' | 'truncate' | 'stat' | 'read' | 'close'>;

export class FeedbackStore {
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly handle: LogFile,
    /** Bytes known to be whole records (and on disk): where a failed append is cut back to. */
    private goodLength: number,
  ) {}

  /**
   * Opens (creating when needed) the log in `dataDir` and closes a torn last line.
   * @param wrap replaces the file's writes (tests: a short write, a full disk).
   */
  static async open(dataDir: string, wrap?: (handle: FileHandle) => LogFile): Promise<FeedbackStore> {
    await mkdir(dataDir, { recursive: true });
    const file = join(dataDir, FEEDBACK_FILE);
    const opened = await open(file, 'a+');
    const handle = wrap ? wrap(opened) : opened;
    let { size } = await handle.stat();
    if (size === 0) {
      await syncDirectory(dataDir);
    } else {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) {
        await writeAll(handle, Buffer.from('\n'));
        await handle.sync();
        size += 1;
      }
    }
    return new FeedbackStore(file, handle, size);
  }

  /** Appends the records; resolves once they are on disk, rejects (leaving the log as it was) when not. */
  append(records: readonly StoredFeedback[]): Promise<void> {
    const bytes = Buffer.from(records.map((r) => JSON.stringify(r) + '\n').join(''), 'utf8');
    const next = this.queue.then(async () => {
      try {
        await writeAll(this.handle, bytes);
        await this.handle.sync();
        this.goodLength += bytes.length;
      } catch (error) {
        await this.cutBack();
        throw error;
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** After a failed append: back to the last whole record, so nothing half-written is left. */
  private async cutBack(): Promise<void> {
    try {
      await this.handle.truncate(this.goodLength);
      await this.handle.sync();
    } catch {
      // Still a torn line at worst: readers skip it and the next open closes it with a newline.
    }
  }

  read(): Promise<FeedbackLog> {
    return readFeedbackLog(this.file);
  }

  async close(): Promise<void> {
    await this.queue;
    await this.handle.close();
  }
}

/** Reads a feedback log, skipping (and counting) torn or invalid lines. */
export async function readFeedbackLog(file: string): Promise<FeedbackLog> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { records: [], skippedLines: 0 };
  }
  const records: StoredFeedback[] = [];
  let skippedLines = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const parsed = storedFeedbackSchema.safeParse(safeJson(line));
    if (parsed.success) records.push(parsed.data);
    else skippedLines += 1;
  }
  return { records, skippedLines };
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** Writes every byte: a write may take fewer than it was given, and then the rest is written again. */
async function writeAll(handle: LogFile, bytes: Buffer): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    if (bytesWritten <= 0) throw new Error('the feedback log took no bytes');
    offset += bytesWritten;
  }
}

async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some file systems do not allow fsync on a directory; the file's own fsync still applies.
  }
}
