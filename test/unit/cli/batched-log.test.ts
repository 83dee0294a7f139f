import { describe, expect, it } from 'vitest';
import { createBatchedLog } from '../../../src/cli/batched-log.js';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('the batched access log', () => {
  it('writes the lines of one turn together, in order, once per turn', async () => {
    const writes: string[] = [];
    const access = createBatchedLog((text) => writes.push(text));
    access.log('GET /cds-services 200 0.4 ms');
    access.log('POST /cds-services/aih-navigator 200 3.1 ms');
    expect(writes).toEqual([]);
    await nextTurn();
    access.log('POST /cds-services/aih-navigator 401 0.2 ms');
    await nextTurn();
    await nextTurn();
    expect(writes).toEqual([
      'GET /cds-services 200 0.4 ms\nPOST /cds-services/aih-navigator 200 3.1 ms\n',
      'POST /cds-services/aih-navigator 401 0.2 ms\n',
    ]);
  });

  it('writes what is waiting when flushed, and nothing twice', async () => {
    const writes: string[] = [];
    const access = createBatchedLog((text) => writes.push(text));
    access.log('a');
    access.flush();
    access.flush();
    await nextTurn();
    expect(writes).toEqual(['a\n']);
  });
});
