/**
 * The k-way merge of `classify` outputs reads lines as bytes and decodes only what holds the patient id:
 * ids that need JSON escapes, an id beyond the decoded prefix, quoted and formula-guarded CSV cells, CRLF
 * line ends and bytes that are not UTF-8 must all come out in the order and bytes of the lines merged.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeOutputs } from '../../../src/cli/merge.js';
import { BufferedOutput, CSV_HEADER, csvRow } from '../../../src/cli/output.js';

const folder = mkdtempSync(join(tmpdir(), 'aih-merge-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function merged(shards: readonly (string | Buffer)[]): Promise<Buffer> {
  const paths = shards.map((content, index) => {
    const path = join(folder, `shard-${index}`);
    writeFileSync(path, content);
    return path;
  });
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  });
  const output = new BufferedOutput(sink);
  await mergeOutputs(paths, output);
  await output.flush();
  return Buffer.concat(chunks);
}

const assessment = (id: string, rest = ''): string =>
  `{"rulesVersion":"2","patientId":${JSON.stringify(id)},"response":"x"${rest}}`;

describe('mergeOutputs', () => {
  it('orders NDJSON lines by patient id, whatever escapes or length the id has', async () => {
    const longId = `m${'é'.repeat(400)}`; // 801 bytes: beyond the prefix decoded first
    const quoted = 'b"quote\\slash';
    const shardA = [assessment('a'), assessment(quoted), assessment(longId)].join('\n') + '\n';
    const shardB = [assessment('b'), assessment('c\u2028'), assessment('z')].join('\r\n');
    const out = await merged([shardA, shardB]);
    expect(out.toString('utf8').split('\n').slice(0, -1)).toEqual([
      assessment('a'),
      assessment('b'),
      assessment(quoted),
      assessment('c\u2028'),
      assessment(longId),
      assessment('z'),
    ]);
  });

  it('orders CSV rows by their first cell, quoted or guarded, and writes the header once', async () => {
    const header = csvRow(CSV_HEADER);
    const rows = (ids: string[]) => header + ids.map((id) => csvRow([id, 'cbr', '', '', ''])).join('');
    const out = await merged([rows(['-2-3', 'a,b']), rows(['a', 'b"c'])]);
    expect(out.toString('utf8')).toBe(rows(['-2-3', 'a', 'a,b', 'b"c']));
  });

  it('copies the bytes of a line as they are, even when they are not UTF-8', async () => {
    const odd = Buffer.concat([
      Buffer.from(assessment('b', ',"n":"')),
      Buffer.from([0xff, 0xc3]),
      Buffer.from('"}\n'),
    ]);
    const out = await merged([Buffer.from(`${assessment('a')}\n`), odd]);
    expect(out.equals(Buffer.concat([Buffer.from(`${assessment('a')}\n`), odd]))).toBe(true);
  });

  it('refuses shards that hold the same patient', async () => {
    await expect(merged([`${assessment('a')}\n`, `${assessment('a')}\n`])).rejects.toThrow(/same patient/);
  });
});
