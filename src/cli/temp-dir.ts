/**
 * A private temporary folder (mode 0700: the files hold patient data) that does not outlive the command:
 * removed by {@link TempDir.remove} on the way out, normal or not, and on Ctrl-C (SIGINT) or SIGTERM, when
 * the process is ended before any `finally` can run.
 */
import { rmSync } from 'node:fs';
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
const SIGNAL_EXIT: Record<(typeof SIGNALS)[number], number> = { SIGINT: 130, SIGTERM: 143 };

export class TempDir {
  private removed = false;
  private readonly onSignal = (signal: (typeof SIGNALS)[number]): void => {
    this.removeNow();
    // Alone, this listener would keep the process alive: end it as the signal would have. Another
    // listener (`export` cancelling the server's job) ends it itself.
    if (process.listenerCount(signal) === 0) process.exit(SIGNAL_EXIT[signal]);
  };

  private constructor(readonly path: string) {
    for (const signal of SIGNALS) process.once(signal, this.onSignal);
  }

  /** @param base the parent folder (default: the system's temporary folder, TMPDIR). */
  static async create(prefix: string, base = tmpdir()): Promise<TempDir> {
    const path = await mkdtemp(join(base, prefix));
    await chmod(path, 0o700);
    return new TempDir(path);
  }

  /**
   * Removes the folder; rejects when it cannot. Synchronous underneath, as on a signal: both may meet a
   * file still being created, and both retry the same way ({@link removeFolderNow}).
   */
  remove(): Promise<void> {
    const problem = this.removeOnce();
    return problem === undefined
      ? Promise.resolve()
      : Promise.reject(new Error(`cannot remove the temporary folder ${this.path}: ${problem}`));
  }

  /** Synchronous: the process may be about to end. */
  private removeNow(): void {
    const problem = this.removeOnce();
    if (problem !== undefined)
      process.stderr.write(`aih-navigator: cannot remove the temporary folder ${this.path}: ${problem}\n`);
  }

  /** Why the folder could not be removed, else undefined (also when it was removed before). */
  private removeOnce(): string | undefined {
    this.stopListening();
    if (this.removed) return undefined;
    this.removed = true;
    return removeFolderNow(this.path);
  }

  private stopListening(): void {
    for (const signal of SIGNALS) process.removeListener(signal, this.onSignal);
  }
}

const REMOVE_ATTEMPTS = 5;

/**
 * Removes a folder and what it holds, synchronously; returns why it could not, else undefined. A file still
 * being created on libuv's threads (the run opens its files asynchronously) can appear after the folder
 * was listed, which makes removing the folder fail as not empty: it is listed and emptied again, a few
 * times, a little later each time. (`rmSync`'s own retries try the folder again without listing it again.)
 */
export function removeFolderNow(
  path: string,
  remove: (path: string) => void = (folder) => rmSync(folder, { recursive: true, force: true }),
): string | undefined {
  for (let attempt = 1; ; attempt += 1) {
    try {
      remove(path);
      return undefined;
    } catch (error) {
      const notEmpty = error instanceof Error && 'code' in error && error.code === 'ENOTEMPTY';
      if (!notEmpty || attempt === REMOVE_ATTEMPTS)
        return error instanceof Error ? error.message : String(error);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10 * attempt);
    }
  }
}
