/**
 * The service's access log, written in batches: the lines of one turn of the event loop go out in one
 * write. Under load the service answers several calls per turn, and a write per line to a pipe cost
 * the HTTP thread more than the line's formatting.
 */
export interface BatchedLog {
  log(line: string): void;
  /** Writes what is waiting now (at shutdown). */
  flush(): void;
}

export function createBatchedLog(write: (text: string) => void): BatchedLog {
  let waiting: string[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (waiting.length === 0) return;
    const text = `${waiting.join('\n')}\n`;
    waiting = [];
    write(text);
  };
  return {
    log(line) {
      waiting.push(line);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
