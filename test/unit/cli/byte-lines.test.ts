import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readByteLines } from '../../../src/cli/byte-lines.js';
import { readLines } from '../../../src/cli/line-reader.js';

const folder = mkdtempSync(join(tmpdir(), 'aih-byte-lines-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function bothWays(content: Buffer | string): Promise<[unknown[], unknown[]]> {
  const path = join(folder, 'lines.ndjson');
  writeFileSync(path, content);
  const asText: [string, number][] = [];
  const asBytes: [string, number][] = [];
  await readLines(path, (line, n) => asText.push([line, n]));
  await readByteLines(path, (bytes, start, end, n) => asBytes.push([bytes.toString('utf8', start, end), n]));
  return [asBytes, asText];
}

describe('readByteLines', () => {
  it('gives the lines and numbers readLines gives: LF, CRLF, byte order mark, no last newline', async () => {
    const [bytes, text] = await bothWays('\ufeff{"a":1}\r\n\n  \r\n{"b":"Müller ✓"}\n\r\n{"c":3}');
    expect(bytes).toEqual(text);
    expect(bytes).toEqual([
      ['{"a":1}', 1],
      ['', 2],
      ['  ', 3],
      ['{"b":"Müller ✓"}', 4],
      ['', 5],
      ['{"c":3}', 6],
    ]);
  });

  it('keeps lines longer than its buffer whole, and the lines after them', async () => {
    const long = (n: number) => `{"x":"${'y'.repeat(n)}"}`;
    const short = Array.from({ length: 3000 }, (_, i) => `{"n":${i}}`).join('\n');
    const [bytes, text] = await bothWays(`${long(3_000_000)}\n${short}\n${long(1_500_000)}\r\n${short}`);
    expect(bytes).toEqual(text);
    expect(bytes.length).toBe(6002);
  });

  it('skips a line longer than the limit, reports its number, and reads the lines around it', async () => {
    const path = join(folder, 'long.ndjson');
    const long = `{"x":"${'y'.repeat(5000)}"}`;
    // Long lines in the middle, spanning reads, at the end without a newline, and just at the limit.
    writeFileSync(path, `{"a":1}\n${long}\n{"b":2}\n${'z'.repeat(1000)}\n${long}\r\n{"c":3}\n${long}`);
    const seen: [string, number][] = [];
    const skipped: number[] = [];
    const count = await readByteLines(
      path,
      (bytes, start, end, n) => seen.push([bytes.toString('utf8', start, end), n]),
      { maxLineBytes: 1000, onLongLine: (n) => skipped.push(n) },
    );
    expect(seen).toEqual([
      ['{"a":1}', 1],
      ['{"b":2}', 3],
      ['z'.repeat(1000), 4],
      ['{"c":3}', 6],
    ]);
    expect(skipped).toEqual([2, 5, 7]);
    expect(count).toBe(7);
  });

  it('skips a line far longer than its buffer without holding it', async () => {
    const path = join(folder, 'huge.ndjson');
    writeFileSync(path, `{"a":1}\n[${'1,'.repeat(3_000_000)}1]\n{"b":2}\n`);
    const seen: number[] = [];
    const skipped: number[] = [];
    await readByteLines(path, (_b, _s, _e, n) => seen.push(n), {
      maxLineBytes: 100_000,
      onLongLine: (n) => skipped.push(n),
    });
    expect(seen).toEqual([1, 3]);
    expect(skipped).toEqual([2]);
  });

  it('passes on a handler’s error with the read ahead settled, and reads on while a chunk waits', async () => {
    const path = join(folder, 'ahead.ndjson');
    writeFileSync(path, Array.from({ length: 200_000 }, (_, i) => `{"n":${i}}`).join('\n'));
    await expect(
      readByteLines(path, (_b, _s, _e, n) => {
        if (n === 150_000) throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');
    // Back-pressure: every chunk's wait is honoured before the next chunk's lines come.
    let waiting = false;
    let lines = 0;
    await readByteLines(
      path,
      () => {
        expect(waiting).toBe(false);
        lines += 1;
      },
      {
        afterChunk: () => {
          waiting = true;
          return new Promise<void>((resolve) =>
            setTimeout(() => {
              waiting = false;
              resolve();
            }, 1),
          );
        },
      },
    );
    expect(lines).toBe(200_000);
  });

  it('reads a long line in linear time', async () => {
    const path = join(folder, 'linear.ndjson');
    const size = 48 * 1024 * 1024;
    writeFileSync(path, `{"a":1}\n"${'y'.repeat(size)}"\n{"b":2}\n`);
    const lengths: number[] = [];
    const started = performance.now();
    await readByteLines(path, (_b, start, end) => lengths.push(end - start));
    // Quadratic reading (the line copied on every read) took seconds at this size; linear takes well under one.
    expect(performance.now() - started).toBeLessThan(4000);
    expect(lengths).toEqual([7, size + 2, 7]);
  });

  it('agrees with readLines on any mix of lines, line ends and characters', async () => {
    const piece = fc.constantFrom(
      '{"a":1}',
      '\n',
      '\r\n',
      '\r',
      ' ',
      'é',
      '✓',
      '\ud83d\ude00',
      '\ufeff',
      'x'.repeat(300),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 30 }), async (pieces) => {
        const [bytes, text] = await bothWays(pieces.join(''));
        expect(bytes).toEqual(text);
      }),
      { numRuns: 300 },
    );
  });

  it('agrees on invalid UTF-8 within lines', async () => {
    const content = Buffer.concat([
      Buffer.from('{"a":"'),
      Buffer.from([0xc3, 0x0a, 0xe2, 0x9c]),
      Buffer.from('"}\n{"b":'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('}'),
    ]);
    const [bytes, text] = await bothWays(content);
    expect(bytes).toEqual(text);
  });

  it('reads a range: its lines numbered from 1, and a byte order mark kept unless the range starts the file', async () => {
    const path = join(folder, 'range.ndjson');
    writeFileSync(path, '\ufeff{"a":1}\r\n{"b":2}\n\ufeff{"c":3}\n\n{"d":4}');
    const read = async (start: number, end?: number) => {
      const lines: [string, number][] = [];
      const count = await readByteLines(
        path,
        (bytes, from, to, n) => lines.push([bytes.toString('utf8', from, to), n]),
        {},
        { start, end },
      );
      return { lines, count };
    };
    const third = Buffer.byteLength('\ufeff{"a":1}\r\n{"b":2}\n');
    expect(await read(0, third)).toEqual({
      lines: [
        ['{"a":1}', 1],
        ['{"b":2}', 2],
      ],
      count: 2,
    });
    expect(await read(third)).toEqual({
      lines: [
        ['\ufeff{"c":3}', 1],
        ['', 2],
        ['{"d":4}', 3],
      ],
      count: 3,
    });
  });

  it('reads any file as two ranges cut after a line end: the same lines, numbered on', async () => {
    const piece = fc.constantFrom('{"a":1}', '\n', '\r\n', ' ', 'é', '\ufeff', 'x'.repeat(3000));
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 40 }), fc.nat(), async (pieces, seed) => {
        const content = Buffer.from(pieces.join(''), 'utf8');
        const path = join(folder, 'two-ranges.ndjson');
        writeFileSync(path, content);
        const ends = [...content.entries()].filter(([, byte]) => byte === 0x0a).map(([at]) => at + 1);
        const cut = ends.length === 0 ? content.length : (ends[seed % ends.length] ?? content.length);
        const whole: [string, number][] = [];
        await readByteLines(path, (bytes, start, end, n) =>
          whole.push([bytes.toString('latin1', start, end), n]),
        );
        const halves: [string, number][] = [];
        const first = await readByteLines(
          path,
          (bytes, start, end, n) => halves.push([bytes.toString('latin1', start, end), n]),
          {},
          { start: 0, end: cut },
        );
        await readByteLines(
          path,
          (bytes, start, end, n) => halves.push([bytes.toString('latin1', start, end), first + n]),
          {},
          { start: cut },
        );
        expect(halves).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });
});
