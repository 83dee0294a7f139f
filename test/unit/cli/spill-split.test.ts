/** Where a large input file is cut in two for the two threads of a spill pass. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { splitAfterMiddle } from '../../../src/cli/spill-split.js';

const dir = mkdtempSync(join(tmpdir(), 'spill-split-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): { path: string; size: number } {
  const path = join(dir, name);
  writeFileSync(path, content);
  return { path, size: Buffer.byteLength(content) };
}

describe('splitAfterMiddle', () => {
  it('cuts just after the first line end from the middle on', async () => {
    const { path, size } = file('lines', 'aaaa\nbbbbbbbb\ncc\n');
    // The middle (byte 8) falls inside the second line: its line end is byte 13.
    expect(await splitAfterMiddle(path, size)).toBe(14);
    // A line end at the middle itself.
    const even = file('even', 'aaaa\nbbb\n');
    expect(await splitAfterMiddle(even.path, even.size)).toBe(5);
  });

  it('finds a line end far past the middle, beyond one read', async () => {
    const { path, size } = file('long', `${'a'.repeat(100)}\n${'b'.repeat(300_000)}\n${'c'.repeat(100)}\n`);
    expect(await splitAfterMiddle(path, size)).toBe(100 + 1 + 300_000 + 1);
  });

  it('leaves whole a file whose last line holds the middle, or with no line end near it, or unreadable', async () => {
    const last = file('last', `a\n${'b'.repeat(50)}\n`);
    expect(await splitAfterMiddle(last.path, last.size)).toBeUndefined();
    const noEnd = file('no-end', `a\n${'b'.repeat(50)}`);
    expect(await splitAfterMiddle(noEnd.path, noEnd.size)).toBeUndefined();
    const huge = file('huge', `a\n${'b'.repeat(10 * 1024 * 1024)}\nc\n`);
    expect(await splitAfterMiddle(huge.path, huge.size)).toBeUndefined();
    expect(await splitAfterMiddle(join(dir, 'missing'), 100)).toBeUndefined();
  });
});
