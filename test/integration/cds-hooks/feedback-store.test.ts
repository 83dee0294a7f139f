import { appendFile, mkdtemp, readFile, rm, stat, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FEEDBACK_FILE,
  FeedbackStore,
  readFeedbackLog,
  toStoredFeedback,
  type LogFile,
  type StoredFeedback,
} from '../../../src/cds-hooks/feedback-store.js';
import { answerFeedback } from '../../../src/cds-hooks/feedback.js';

/** A disk that takes at most `perWrite` bytes per write and `room` bytes in all, then says it is full. */
function smallDisk(room: number, perWrite = Number.POSITIVE_INFINITY) {
  let left = room;
  const state = {
    free: (bytes: number) => (left += bytes),
    wrap: (handle: FileHandle): LogFile => ({
      write: (async (buffer: Buffer, offset = 0, length = buffer.length - offset) => {
        if (left <= 0) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
        const take = Math.min(length, left, perWrite);
        left -= take;
        return handle.write(buffer, offset, take);
      }) as LogFile['write'],
      sync: () => handle.sync(),
      truncate: (length) => handle.truncate(length),
      stat: (() => handle.stat()) as LogFile['stat'],
      read: handle.read.bind(handle) as LogFile['read'],
      close: () => handle.close(),
    }),
  };
  return state;
}

const accepted: StoredFeedback = {
  card: 'card-1',
  outcome: 'accepted',
  acceptedSuggestions: ['s-1'],
  userCommentGiven: false,
  outcomeTimestamp: '2026-05-01T10:00:00Z',
};

describe('feedback log', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cds-feedback-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps records across a restart', async () => {
    const first = await FeedbackStore.open(dir);
    await first.append([accepted]);
    await first.close();
    const second = await FeedbackStore.open(dir);
    await second.append([{ ...accepted, card: 'card-2', outcome: 'overridden', acceptedSuggestions: [] }]);
    const log = await second.read();
    await second.close();
    expect(log.skippedLines).toBe(0);
    expect(log.records.map((r) => [r.card, r.outcome])).toEqual([
      ['card-1', 'accepted'],
      ['card-2', 'overridden'],
    ]);
  });

  it('skips a torn last line and keeps later records on lines of their own', async () => {
    const store = await FeedbackStore.open(dir);
    await store.append([accepted]);
    await store.close();
    // A crash in the middle of a write leaves half a line without its newline.
    await appendFile(join(dir, FEEDBACK_FILE), '{"card":"card-torn","outc');
    expect(await readFeedbackLog(join(dir, FEEDBACK_FILE))).toEqual({ records: [accepted], skippedLines: 1 });

    const reopened = await FeedbackStore.open(dir);
    await reopened.append([{ ...accepted, card: 'card-after-crash' }]);
    const log = await reopened.read();
    await reopened.close();
    expect(log.records.map((r) => r.card)).toEqual(['card-1', 'card-after-crash']);
    expect(log.skippedLines).toBe(1);
    const text = await readFile(join(dir, FEEDBACK_FILE), 'utf8');
    expect(text.startsWith(JSON.stringify(accepted))).toBe(true); // append-only: nothing rewritten
  });

  it('does not interleave concurrent appends', async () => {
    const store = await FeedbackStore.open(dir);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => store.append([{ ...accepted, card: `card-${i}` }])),
    );
    const log = await store.read();
    await store.close();
    expect(log.skippedLines).toBe(0);
    expect(new Set(log.records.map((r) => r.card)).size).toBe(40);
  });

  it('stores only whether a comment was given, never its text', () => {
    const stored = toStoredFeedback({
      card: 'c',
      outcome: 'overridden',
      overrideReason: {
        reason: {
          system: 'https://aih-navigator.org/override',
          code: 'patient-preference',
          display: 'Patient preference',
        },
        userComment: 'Mrs Example refused, see note of 3 May',
      },
      outcomeTimestamp: '2026-05-03T09:00:00Z',
    });
    expect(stored).toEqual({
      card: 'c',
      outcome: 'overridden',
      acceptedSuggestions: [],
      overrideReason: { system: 'https://aih-navigator.org/override', code: 'patient-preference' },
      userCommentGiven: true,
      outcomeTimestamp: '2026-05-03T09:00:00Z',
    });
    expect(JSON.stringify(stored)).not.toContain('Mrs Example');
  });

  it('writes every byte when the disk takes only a few at a time', async () => {
    const disk = smallDisk(Number.POSITIVE_INFINITY, 7);
    const store = await FeedbackStore.open(dir, disk.wrap);
    await store.append([accepted, { ...accepted, card: 'card-2' }]);
    await store.append([{ ...accepted, card: 'card-3' }]);
    const log = await store.read();
    await store.close();
    expect(log.skippedLines).toBe(0);
    expect(log.records.map((r) => r.card)).toEqual(['card-1', 'card-2', 'card-3']);
  });

  it('on a full disk answers no 200, leaves nothing half-written, and stores again once there is room', async () => {
    const first = await FeedbackStore.open(dir);
    await first.append([accepted]);
    await first.close();
    const before = (await stat(join(dir, FEEDBACK_FILE))).size;
    // Room for part of the next record only: the write is cut short, then the disk is full.
    const disk = smallDisk(40, 16);
    const store = await FeedbackStore.open(dir, disk.wrap);
    const body = {
      feedback: [{ card: 'card-2', outcome: 'accepted', outcomeTimestamp: '2026-05-01T10:00:00Z' }],
    };
    const answer = await answerFeedback(body, store);
    expect(answer.status).toBe(503);
    expect((await stat(join(dir, FEEDBACK_FILE))).size).toBe(before);
    disk.free(10_000);
    expect(
      (await answerFeedback({ feedback: [{ ...body.feedback[0], card: 'card-3' }] }, store)).status,
    ).toBe(200);
    const log = await store.read();
    await store.close();
    expect(log.skippedLines).toBe(0);
    expect(log.records.map((r) => r.card)).toEqual(['card-1', 'card-3']);
  });
});
