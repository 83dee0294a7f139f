/**
 * The spill pass (spill-writer.ts): every line comes back, byte for byte and in input order, from the
 * bucket of its patient or from the common file, including when a bucket's buffers are written out and
 * filled again many times over.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { patientHash, shardOfHash } from '../../../src/cli/partition.js';
import { END_LINE, readSpillRecords, RECORD } from '../../../src/cli/spill-records.js';
import { spillInput } from '../../../src/cli/spill-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'spill-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const BUCKETS = 4;

/** Compact lines, as Bulk Data exports write them: 12 patients, each with runs of observations. */
function exportLines(): { text: string; patient: string | undefined }[] {
  const lines: { text: string; patient: string | undefined }[] = [];
  for (let p = 0; p < 12; p += 1) {
    const patient = `p-${p}`;
    lines.push({ text: `{"resourceType":"Patient","id":"${patient}"}`, patient });
    // About 4.5 MB per bucket: each bucket's buffer (at most 512 KB) is written out and filled again many times.
    for (let o = 0; o < 2000; o += 1) {
      const note = 'n'.repeat(200 + ((p * 37 + o) % 900));
      lines.push({
        text: `{"resourceType":"Observation","id":"${patient}-o${o}","subject":{"reference":"Patient/${patient}"},"note":"${note}"}`,
        patient,
      });
    }
    // Its patient is not in the text: every partition reads it.
    lines.push({ text: `{"resourceType":"Medication","id":"m-${p}"}`, patient: undefined });
  }
  return lines;
}

describe('spillInput', () => {
  it('writes each line once, to its patient’s bucket or the common file, read back in input order', async () => {
    const lines = exportLines();
    const path = join(dir, 'Observation.ndjson');
    writeFileSync(path, lines.map((line) => `${line.text}\n`).join(''));
    const out = mkdtempSync(join(dir, 'out-'));
    const spilled = await spillInput([{ file: { path, kind: 'ndjson' } }], out, BUCKETS, undefined);
    expect(spilled.patients).toBe(12);
    expect(spilled.bytes).toBe(Buffer.byteLength(lines.map((line) => `${line.text}\n`).join('')));

    const bucketOf = new Map<string, number>();
    for (const [index, bucket] of spilled.buckets.entries())
      await readSpillRecords([bucket], (record) => {
        const text = record.bytes.toString('utf8', record.start, record.end);
        const patient = lines[record.line - 1]?.patient ?? 'none';
        expect(record.kind).toBe(RECORD.namedLine);
        expect(bucketOf.get(patient) ?? index).toBe(index);
        bucketOf.set(patient, index);
        expect(shardOfHash(patientHash(patient), BUCKETS)).toBe(index);
        expect(record.hash).toBe(patientHash(patient));
        expect(text).toBe(lines[record.line - 1]?.text);
      });
    expect(bucketOf.size).toBe(12);

    const read: { line: number; text: string }[] = [];
    await readSpillRecords([...spilled.buckets, spilled.common], (record) => {
      if (record.line !== END_LINE)
        read.push({ line: record.line, text: record.bytes.toString('utf8', record.start, record.end) });
    });
    expect(read.map((r) => r.line)).toEqual(lines.map((_, i) => i + 1));
    expect(read.map((r) => r.text)).toEqual(lines.map((line) => line.text));
  });
});
