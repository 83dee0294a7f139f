import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WorkerFailure, WorkerPool } from '../../../src/cds-hooks/worker-pool.js';

describe('worker heap limits', () => {
  it('stops a worker that outgrows its heap limit, fails only its task and replaces it', async () => {
    const script = pathToFileURL(join(import.meta.dirname, 'hungry-worker.mjs'));
    const replaced: string[] = [];
    const pool = new WorkerPool(script, 1, (reason) => replaced.push(reason), {
      resourceLimits: { maxOldGenerationSizeMb: 48, maxYoungGenerationSizeMb: 8 },
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300)); // let the worker start
      await expect(pool.run('eat')).rejects.toBeInstanceOf(WorkerFailure);
      expect(replaced).toHaveLength(1);
      await expect(pool.run('hello')).resolves.toBe('fine');
    } finally {
      await pool.close();
    }
  }, 30_000);
});
