import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readByteLines } from '../../../src/cli/byte-lines.js';
import { splitStreamLines } from '../../../src/cli/byte-lines.js';

const dir = mkdtempSync(join(tmpdir(), 'aih-line-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Seen = (string | number)[][];

async function fromFile(content: Buffer, maxLineBytes: number): Promise<Seen> {
  const path = join(dir, 'lines.ndjson');
  writeFileSync(path, content);
  const seen: Seen = [];
  await readByteLines(path, (bytes, start, end, n) => seen.push([n, bytes.toString('latin1', start, end)]), {
    maxLineBytes,
    onLongLine: (n) => seen.push([n, 'long']),
  });
  return seen;
}

async function fromStream(content: Buffer, cuts: number[], maxLineBytes: number): Promise<Seen> {
  const points = [...new Set(cuts.map((cut) => cut % (content.length + 1)))].sort((a, b) => a - b);
  async function* chunks(): AsyncIterable<Uint8Array> {
    let from = 0;
    for (const point of [...points, content.length]) {
      if (point > from) yield content.subarray(from, point);
      from = Math.max(from, point);
    }
  }
  const seen: Seen = [];
  await splitStreamLines(
    chunks(),
    (bytes, start, end, n) => seen.push([n, bytes.toString('latin1', start, end)]),
    { maxLineBytes, onLongLine: (n) => seen.push([n, 'long']) },
  );
  return seen;
}

describe('splitStreamLines', () => {
  it('gives the lines readByteLines gives, however the bytes are cut into chunks', async () => {
    const piece = fc.constantFrom('\n', '\r\n', '\r', 'a', '{"x":1}', '\ufeff', 'é', 'x'.repeat(40));
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.constantFrom(16, 64, 1 << 20),
        async (pieces, cuts, maxLineBytes) => {
          const content = Buffer.from(pieces.join(''));
          expect(await fromStream(content, cuts, maxLineBytes)).toEqual(
            await fromFile(content, maxLineBytes),
          );
        },
      ),
      { numRuns: 400 },
    );
  });
});
