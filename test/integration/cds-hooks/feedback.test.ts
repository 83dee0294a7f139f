import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEEDBACK_FILE } from '../../../src/cds-hooks/feedback-store.js';
import { createCdsServer, type CdsServer } from '../../../src/cds-hooks/server.js';
import { makeKey, postJson, signJwt, startJwks, type TestKey } from './helpers.js';
import { hookRequest, noAih, prefetchFor } from './patients.js';

const ISSUER = 'https://ehr.example.org';

const accepted = {
  card: '9b1f5d3e-4c1a-5e8b-9a7f-0c2d4e6f8a10',
  outcome: 'accepted',
  acceptedSuggestions: [{ id: '0e6b1a52-7a43-5d1c-8f3e-2b4c6d8e0f12' }],
  outcomeTimestamp: '2026-06-01T09:30:00Z',
};
const overridden = {
  card: '9b1f5d3e-4c1a-5e8b-9a7f-0c2d4e6f8a10',
  outcome: 'overridden',
  overrideReason: {
    reason: {
      system: 'https://aih-navigator.org/override-reason',
      code: 'specialist-care',
      display: 'Already under specialist care',
    },
    userComment: 'Seen by Dr Example at the liver unit on 12 May',
  },
  outcomeTimestamp: '2026-06-01T09:31:00Z',
};

describe('feedback endpoint', () => {
  let key: TestKey;
  let jwks: Awaited<ReturnType<typeof startJwks>>;
  let dataDir: string;
  let service: CdsServer;
  let feedbackUrl: string;

  const start = async (): Promise<void> => {
    service = createCdsServer({
      port: 0,
      trustedIssuers: { [ISSUER]: jwks.jwksUrl },
      allowLoopbackHttp: true,
      dataDir,
    });
    feedbackUrl = `${(await service.listen()).url}/cds-services/aih-navigator/feedback`;
  };
  const send = async (body: unknown) =>
    postJson(feedbackUrl, body, await signJwt(key, { iss: ISSUER, aud: feedbackUrl }));

  beforeAll(async () => {
    key = await makeKey('RS384', 'ehr-rsa');
    jwks = await startJwks([key]);
    dataDir = await mkdtemp(join(tmpdir(), 'cds-feedback-http-'));
    await start();
  });
  afterAll(async () => {
    await service.close();
    await jwks.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('stores accepted and overridden feedback, and it survives a restart', async () => {
    expect((await send({ feedback: [accepted] })).status).toBe(200);
    expect((await send({ feedback: [overridden] })).status).toBe(200);
    await service.close();
    await start();
    const log = await service.feedback?.read();
    expect(log?.skippedLines).toBe(0);
    expect(log?.records).toEqual([
      {
        card: accepted.card,
        outcome: 'accepted',
        acceptedSuggestions: [accepted.acceptedSuggestions[0]?.id],
        userCommentGiven: false,
        outcomeTimestamp: accepted.outcomeTimestamp,
      },
      {
        card: overridden.card,
        outcome: 'overridden',
        acceptedSuggestions: [],
        overrideReason: { system: overridden.overrideReason.reason.system, code: 'specialist-care' },
        userCommentGiven: true,
        outcomeTimestamp: overridden.outcomeTimestamp,
      },
    ]);
    const onDisk = await readFile(join(dataDir, FEEDBACK_FILE), 'utf8');
    expect(onDisk).not.toContain('Dr Example');
    expect(onDisk).not.toContain('Already under specialist care');
  });

  it('refuses an oversized feedback body', async () => {
    const huge = { feedback: [{ ...accepted, card: 'x'.repeat(300 * 1024) }] };
    const answer = await send(huge);
    expect(answer).toMatchObject({ status: 413, body: { error: 'body-too-large' } });
  });

  it('rejects feedback that does not follow the specification and stores nothing of it', async () => {
    const before = (await service.feedback?.read())?.records.length;
    for (const body of [
      {},
      { feedback: [] },
      { feedback: [{ ...accepted, outcome: 'ignored' }] },
      { feedback: [{ ...accepted, outcomeTimestamp: 'yesterday' }] },
      { feedback: [{ ...accepted, card: undefined }] },
    ]) {
      const answer = await send(body);
      expect(answer.status).toBe(400);
      expect((answer.body as { error: string }).error).toBe('invalid-feedback');
    }
    expect((await service.feedback?.read())?.records.length).toBe(before);
  });
});

describe('development mode (--allow-unsigned)', () => {
  it('accepts calls without a token', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'cds-unsigned-'));
    const service = createCdsServer({ port: 0, allowUnsigned: true, dataDir, today: () => '2026-06-01' });
    try {
      const { url } = await service.listen();
      const answer = await postJson(
        `${url}/cds-services/aih-navigator`,
        hookRequest('p-no-aih', { prefetch: prefetchFor(noAih()) }),
      );
      expect(answer).toMatchObject({ status: 200, body: { cards: [] } });
    } finally {
      await service.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to start without trusted issuers unless unsigned calls are allowed', () => {
    expect(() => createCdsServer({ port: 0 })).toThrow(/trusted issuers/);
  });
});
