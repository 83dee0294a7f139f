import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FEEDBACK_FILE,
  FeedbackStore,
  readFeedbackLog,
  toStoredFeedback,
  type StoredFeedback,
} from '../../../src/cds-hooks/feedback-store.js';

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
});
