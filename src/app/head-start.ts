/**
 * Starts the launch's network work before the screen's code has loaded: the token exchange at once and
 * the patient's reads as soon as the session is there, while React and the screens download. The screen
 * then asks for its session and view as usual and is handed the requests already in flight; a retry (or
 * any later ask) does the work afresh.
 */
import type { IsoDate } from '../core/types.js';
import type { LoadView } from './pipeline-chunk.js';
import type { AppSession } from './session.js';

export interface HeadStart {
  connect: () => Promise<AppSession>;
  loadView: LoadView;
  /** Settles (never rejects) once the launch is complete or has failed, and the view load has begun. */
  connected: Promise<void>;
}

/** A promise whose rejection is reported to whoever awaits it, not as unhandled while nobody does yet. */
function quiet<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

export function startHead(connect: () => Promise<AppSession>, loadView: LoadView, asOf: IsoDate): HeadStart {
  const early = new AbortController();
  const session = quiet(connect());
  // loadView is called synchronously in this callback, so `connected` settles after it has begun.
  const view = quiet(session.then((opened) => loadView(opened, asOf, early.signal)));
  const connected = session.then(
    () => undefined,
    () => undefined,
  );
  let sessionTaken = false;
  let viewTaken = false;
  return {
    connected,
    connect: () => {
      if (sessionTaken) return connect();
      sessionTaken = true;
      return session;
    },
    loadView: async (asked, askedAsOf, signal) => {
      // Only the screen's first ask, for the very session and day it was started with, gets the early load.
      const opened = await session.catch(() => undefined);
      if (viewTaken || asked !== opened || askedAsOf !== asOf) return loadView(asked, askedAsOf, signal);
      viewTaken = true;
      if (signal.aborted) early.abort();
      else signal.addEventListener('abort', () => early.abort(), { once: true });
      return view;
    },
  };
}
