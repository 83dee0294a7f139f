import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LineCursor } from '../../../src/cli/line-cursor.js';

const dir = mkdtempSync(join(tmpdir(), 'aih-line-cursor-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function linesOf(content: string): Promise<string[]> {
  const path = join(dir, 'lines.txt');
  writeFileSync(path, content);
  // A small window, so that lines longer than it and refills in the middle of lines are read.
  const cursor = await LineCursor.open(path, 4096);
  const lines: string[] = [];
  for (let line = await cursor.next(); line !== undefined; line = await cursor.next())
    lines.push(line.toString('utf8'));
  await cursor.close();
  return lines;
}

describe('LineCursor', () => {
  it('reads LF and CRLF lines, a last line without a line end, and lines longer than its buffer', async () => {
    const long = 'é'.repeat(100_000);
    expect(await linesOf(`a\r\nb\n\n${long}\r\nlast`)).toEqual(['a', 'b', '', long, 'last']);
    expect(await linesOf('')).toEqual([]);
    expect(await linesOf('one\n')).toEqual(['one']);
    const many = Array.from({ length: 20_000 }, (_, i) => `line ${i} ${'x'.repeat(i % 50)}`);
    expect(await linesOf(many.join('\n'))).toEqual(many);
  });
});
