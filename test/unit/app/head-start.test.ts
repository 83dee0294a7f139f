import { describe, expect, it, vi } from 'vitest';
import { startHead } from '../../../src/app/head-start.js';
import type { LoadView } from '../../../src/app/pipeline-chunk.js';
import type { AppSession } from '../../../src/app/session.js';
import type { AssessmentView } from '../../../src/app/view-types.js';

const session = (patientId = 'p1'): AppSession => ({
  patientId,
  ehr: 'generic',
  grantedScopes: '',
  needPatientBanner: false,
  fhir: { request: vi.fn(), post: vi.fn() },
});

const viewFor = (label: string): AssessmentView => ({ notes: [label] }) as unknown as AssessmentView;

describe('the launch started before the screen has loaded', () => {
  it('connects and starts the view load at once, before anyone asks', async () => {
    const opened = session();
    const connect = vi.fn(async () => opened);
    const loadView = vi.fn<LoadView>(async () => viewFor('early'));
    const head = startHead(connect, loadView, '2026-06-15');
    expect(connect).toHaveBeenCalledTimes(1);
    await head.connected;
    expect(loadView).toHaveBeenCalledTimes(1);
    expect(loadView.mock.calls[0]?.[0]).toBe(opened);
    expect(loadView.mock.calls[0]?.[1]).toBe('2026-06-15');
  });

  it("hands the screen's first asks the session and view in flight, without asking the EHR again", async () => {
    const opened = session();
    const connect = vi.fn(async () => opened);
    const loadView = vi.fn<LoadView>(async () => viewFor('early'));
    const head = startHead(connect, loadView, '2026-06-15');
    const given = await head.connect();
    expect(given).toBe(opened);
    expect(await head.loadView(given, '2026-06-15', new AbortController().signal)).toEqual(viewFor('early'));
    expect(connect).toHaveBeenCalledTimes(1);
    expect(loadView).toHaveBeenCalledTimes(1);
  });

  it('does the work afresh on a retry, or for another session or day', async () => {
    const first = session('p1');
    const again = session('p1');
    const connect = vi
      .fn<() => Promise<AppSession>>()
      .mockResolvedValueOnce(first)
      .mockResolvedValueOnce(again);
    const loadView = vi.fn<LoadView>(async (_session, asOf) => viewFor(asOf));
    const head = startHead(connect, loadView, '2026-06-15');
    await head.connect();
    expect(await head.connect()).toBe(again);
    expect(connect).toHaveBeenCalledTimes(2);
    const signal = new AbortController().signal;
    expect(await head.loadView(again, '2026-06-15', signal)).toEqual(viewFor('2026-06-15'));
    expect(await head.loadView(first, '2026-06-16', signal)).toEqual(viewFor('2026-06-16'));
    expect(await head.loadView(first, '2026-06-15', signal)).toEqual(viewFor('2026-06-15'));
    await head.loadView(first, '2026-06-15', signal);
    // The early load, the two for another session or day, and the retry after the early one was taken.
    expect(loadView).toHaveBeenCalledTimes(4);
  });

  it('aborts the early load when the screen that took it aborts', async () => {
    const opened = session();
    let earlySignal: AbortSignal | undefined;
    const loadView = vi.fn<LoadView>(async (_session, _asOf, signal) => {
      earlySignal = signal;
      return viewFor('early');
    });
    const head = startHead(async () => opened, loadView, '2026-06-15');
    const screen = new AbortController();
    await head.loadView(await head.connect(), '2026-06-15', screen.signal);
    expect(earlySignal?.aborted).toBe(false);
    screen.abort();
    expect(earlySignal?.aborted).toBe(true);
  });

  it('reports a failed launch to the screen, not as an unhandled rejection, and loads no view', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const loadView = vi.fn<LoadView>();
      const head = startHead(async () => Promise.reject(new Error('not launched')), loadView, '2026-06-15');
      await head.connected;
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(unhandled).not.toHaveBeenCalled();
      await expect(head.connect()).rejects.toThrow('not launched');
      expect(loadView).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
