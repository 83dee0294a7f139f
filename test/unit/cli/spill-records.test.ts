import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  END_LINE,
  HEADER_BYTES,
  readSpillRecords,
  RECORD,
  writeHeader,
} from '../../../src/cli/spill-records.js';

const dir = mkdtempSync(join(tmpdir(), 'spill-records-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A spill file of named lines of file 0, with the line numbers and texts given. */
function spillFile(name: string, lines: readonly { line: number; text: string }[]): string {
  const parts = lines.map(({ line, text }) => {
    const body = Buffer.from(text, 'utf8');
    const record = Buffer.alloc(HEADER_BYTES + body.length);
    writeHeader(record, 0, RECORD.namedLine, 0, line, line % 7, body.length);
    body.copy(record, HEADER_BYTES);
    return record;
  });
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat(parts));
  return path;
}

describe('readSpillRecords', () => {
  it('merges files by line, across buffer refills and records longer than the buffer', async () => {
    // 128 KiB is the read buffer: a 300,000-byte line needs a larger one, and many short lines refill it.
    const long = 'x'.repeat(300_000);
    const even = Array.from({ length: 3000 }, (_, i) => ({
      line: 2 * i,
      text: `line ${2 * i} ${'e'.repeat(40)}`,
    }));
    const odd = Array.from({ length: 3000 }, (_, i) => ({
      line: 2 * i + 1,
      text: i === 1500 ? long : `line ${2 * i + 1}`,
    }));
    const read: { line: number; hash: number; text: string }[] = [];
    await readSpillRecords([spillFile('even', even), spillFile('odd', odd)], (record) => {
      read.push({
        line: record.line,
        hash: record.hash,
        text: record.bytes.toString('utf8', record.start, record.end),
      });
    });
    const expected = [...even, ...odd].sort((a, b) => a.line - b.line);
    expect(read.map((r) => r.line)).toEqual(expected.map((e) => e.line));
    expect(read.map((r) => r.text)).toEqual(expected.map((e) => e.text));
    expect(read.every((r) => r.hash === r.line % 7)).toBe(true);
  });

  it('merges files that take turns in runs of lines, as the lines of one patient stand together', async () => {
    // Runs of 500 lines from each of two files, and a third file whose one line falls inside a run.
    const runs = (offset: number) =>
      Array.from({ length: 2000 }, (_, i) => {
        const line = Math.floor(i / 500) * 1000 + offset + (i % 500);
        return { line, text: `line ${line}` };
      }).filter(({ line }) => line !== 1250);
    const single = [{ line: 1250, text: 'line 1250' }];
    const lines: number[] = [];
    await readSpillRecords(
      [spillFile('runs-a', runs(0)), spillFile('runs-b', runs(500)), spillFile('single', single)],
      (record) => {
        expect(record.bytes.toString('utf8', record.start, record.end)).toBe(`line ${record.line}`);
        lines.push(record.line);
      },
    );
    expect(lines).toEqual(Array.from({ length: 4000 }, (_, i) => i));
  });

  it('refuses a file that ends inside a record', async () => {
    const path = spillFile('whole', [{ line: 1, text: 'a complete line' }]);
    const cut = join(dir, 'cut');
    writeFileSync(cut, readFileSync(path).subarray(0, HEADER_BYTES + 4));
    await expect(readSpillRecords([cut], () => undefined)).rejects.toThrow('ends inside a record');
  });

  it('moves a file’s line numbers by its offset per input file, keeps end records last, and drops an input file without one', async () => {
    /** Records of several input files: [file, line, text]. */
    const write = (name: string, records: readonly [number, number, string][]): string => {
      const parts = records.map(([file, line, text]) => {
        const body = Buffer.from(text, 'utf8');
        const record = Buffer.alloc(HEADER_BYTES + body.length);
        const kind = line === END_LINE ? RECORD.fileEnd : RECORD.namedLine;
        writeHeader(record, 0, kind, file, line, 0, body.length);
        body.copy(record, HEADER_BYTES);
        return record;
      });
      const path = join(dir, name);
      writeFileSync(path, Buffer.concat(parts));
      return path;
    };
    const first = write('first-half', [
      [0, 1, 'f0 1'],
      [0, 2, 'f0 2'],
      [1, 1, 'f1 1'],
      [2, 1, 'f2 1'],
      [2, 2, 'f2 2'],
      [2, 3, 'f2 3'],
    ]);
    // The second halves, numbered from 1: file 0 after its 2 lines, file 2 after its 3; file 1 is dropped
    // (half a megabyte of it: dropping goes on across refills of the read buffer).
    const dropped = Array.from({ length: 5000 }, (_, i): [number, number, string] => [
      1,
      i + 1,
      'd'.repeat(100),
    ]);
    const second = write('second-half', [[0, 1, 'f0 3'], ...dropped, [2, 1, 'f2 4']]);
    const ends = write('ends', [
      [0, END_LINE, ''],
      [1, END_LINE, ''],
      [2, END_LINE, ''],
    ]);
    const read: string[] = [];
    await readSpillRecords(
      [first, { path: second, lineOffsets: [2, undefined, 3] }, { path: ends }],
      (record) => {
        const text = record.bytes.toString('utf8', record.start, record.end);
        read.push(record.line === END_LINE ? `end ${record.file}` : `${record.file}:${record.line} ${text}`);
      },
    );
    expect(read).toEqual([
      '0:1 f0 1',
      '0:2 f0 2',
      '0:3 f0 3',
      'end 0',
      '1:1 f1 1',
      'end 1',
      '2:1 f2 1',
      '2:2 f2 2',
      '2:3 f2 3',
      '2:4 f2 4',
      'end 2',
    ]);
  });
});
