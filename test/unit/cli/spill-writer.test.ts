/**
 * The spill pass (spill-writer.ts): every line comes back, byte for byte and in input order, from the
 * bucket of its patient or from the common file, including when a bucket's buffers are written out and
 * filled again many times over.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, renameSync } from 'node:fs';
import { SourceFailure } from '../../../src/cli/line-source.js';
import { patientHash, shardOfHash } from '../../../src/cli/partition.js';
import { sameThreadHelper, spillHalves, type SpillHelper } from '../../../src/cli/spill-halves.js';
import { END_LINE, readSpillRecords, RECORD, type SpillPath } from '../../../src/cli/spill-records.js';
import { SpillFailure, spillInput, type SpillInput } from '../../../src/cli/spill-writer.js';

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
      await readSpillRecords(bucket, (record) => {
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
    await readSpillRecords([...spilled.buckets.flat(), ...spilled.common], (record) => {
      if (record.line !== END_LINE)
        read.push({ line: record.line, text: record.bytes.toString('utf8', record.start, record.end) });
    });
    expect(read.map((r) => r.line)).toEqual(lines.map((_, i) => i + 1));
    expect(read.map((r) => r.text)).toEqual(lines.map((line) => line.text));
  });

  it('splits large files between two threads and reads back the records one thread writes', async () => {
    const lines = exportLines();
    const observations = join(dir, 'split-Observation.ndjson');
    // A byte order mark, CRLF and blank lines, and no newline after the last line.
    const texts = lines.map((line) => line.text);
    writeFileSync(
      observations,
      `\ufeff${texts.slice(0, 9000).join('\r\n')}\n\n${texts.slice(9000).join('\n')}`,
    );
    const patients = join(dir, 'split-Patient.ndjson');
    writeFileSync(patients, texts.filter((text) => text.includes('"Patient"')).join('\n') + '\n');
    const inputs: SpillInput[] = [
      { file: { path: patients, kind: 'ndjson' } },
      { file: { path: join(dir, 'a-bundle.json'), kind: 'bundle' } },
      { file: { path: observations, kind: 'ndjson' } },
    ];
    const single = await spillInput(inputs, mkdtempSync(join(dir, 'one-')), BUCKETS, undefined);
    const split = await spillInput(inputs, mkdtempSync(join(dir, 'two-')), BUCKETS, undefined, {
      helper: sameThreadHelper,
      splitFromBytes: 1,
    });
    expect(split.buckets.every((files) => files.length === 2)).toBe(true);
    expect(split.common).toHaveLength(3);
    expect(split.bytes).toBe(single.bytes);
    expect(split.patients).toBe(single.patients);
    const [one, two] = await Promise.all([recordsOf(single), recordsOf(split)]);
    expect(one.length).toBeGreaterThan(lines.length);
    expect(two).toEqual(one);
    // And per bucket, as a partition reads them.
    for (const [index, files] of split.buckets.entries())
      expect(await records([...files, ...split.common])).toEqual(
        await records([...(single.buckets[index] ?? []), ...single.common]),
      );
  });

  it('reports a second half that could not be read to its end at its file’s end, after the lines read', async () => {
    const path = writeExport('half-fails.ndjson');
    const failing: SpillHelper = (job) => {
      const { result, stop } = sameThreadHelper(job);
      const failed = result.then((done) => ({
        ...done,
        results: done.results.map((half) => ({ ...half, error: 'EIO: i/o error, read' })),
      }));
      return { result: failed, stop };
    };
    const spilled = await spillInHalves([ndjson(path)], failing, 'eio-');
    const read = await records([...spilled.buckets.flat(), ...spilled.common]);
    expect(
      read.filter((record) => record.kind === RECORD.namedLine || record.kind === RECORD.unnamedLine),
    ).toHaveLength(exportLines().length);
    expect(read.at(-1)).toEqual({
      kind: RECORD.fileEnd,
      file: 0,
      line: END_LINE,
      hash: 0,
      text: 'EIO: i/o error, read',
    });
  });

  it('drops a second half when the first half could not be read, as one thread stops reading there', async () => {
    const path = writeExport('first-fails.ndjson');
    // Once the halves are planned, the file gives way to a folder: the first half cannot be read, while
    // the helper spills the second half from the file's new place.
    const moving: SpillHelper = (job) => {
      renameSync(path, `${path}.moved`);
      mkdirSync(path);
      return sameThreadHelper({
        ...job,
        tasks: job.tasks.map((task) => ({ ...task, path: `${path}.moved` })),
      });
    };
    const spilled = await spillInHalves([ndjson(path)], moving, 'gone-');
    const single = await spillInput([ndjson(path)], mkdtempSync(join(dir, 'dir-')), 2, undefined);
    const read = await records([...spilled.buckets.flat(), ...spilled.common]);
    expect(read).toEqual(await recordsOf(single));
    expect(read).toHaveLength(1);
    expect(read[0]?.text).toBe('is a folder');
    rmSync(path, { recursive: true });
  });

  it('fails when its helper cannot write, and stops its helper when it fails itself', async () => {
    const path = writeExport('helper-fails.ndjson');
    const input = ndjson(path);
    const cannotWrite: SpillHelper = () => {
      const result = Promise.reject(new SpillFailure('cannot write the temporary files in /x (ENOSPC)'));
      result.catch(() => undefined);
      return { result, stop: async () => undefined };
    };
    await expect(spillInHalves([input], cannotWrite, 'nospace-')).rejects.toThrow('ENOSPC');

    let stopped = false;
    const watched: SpillHelper = (job) => {
      const helping = sameThreadHelper(job);
      return { result: helping.result, stop: async () => ((stopped = true), await helping.stop()) };
    };
    const cut: SpillInput = {
      file: { path: join(dir, 'download.ndjson'), kind: 'ndjson' },
      lines: () => Promise.reject(new SourceFailure('the download was cut off')),
    };
    await expect(spillInHalves([input, cut], watched, 'cut-')).rejects.toThrow('the download was cut off');
    expect(stopped).toBe(true);
  });

  it('spills the halves of a job on its own (spillHalves), stopping when told to', async () => {
    const path = writeExport('halves.ndjson');
    const job = {
      dir: mkdtempSync(join(dir, 'halves-')),
      tag: '.1',
      buckets: 2,
      bufferBytes: 4096,
      tasks: [{ file: 0, path, start: 0 }],
    };
    const done = await spillHalves(job, () => false);
    expect(done.results).toEqual([{ file: 0, lines: exportLines().length }]);
    const again = { ...job, dir: mkdtempSync(join(dir, 'halves-stop-')) };
    await expect(spillHalves(again, () => true)).rejects.toThrow('stopped');
  });
});

interface ReadRecord {
  kind: number;
  file: number;
  line: number;
  hash: number;
  text: string;
}

async function records(paths: readonly SpillPath[]): Promise<ReadRecord[]> {
  const read: ReadRecord[] = [];
  await readSpillRecords(paths, ({ kind, file, line, hash, bytes, start, end }) => {
    read.push({ kind, file, line, hash, text: bytes.toString('utf8', start, end) });
  });
  return read;
}

function recordsOf(spilled: { buckets: SpillPath[][]; common: SpillPath[] }): Promise<ReadRecord[]> {
  return records([...spilled.buckets.flat(), ...spilled.common]);
}

/** The export of {@link exportLines} written to `name` in the test folder. */
function writeExport(name: string): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    exportLines()
      .map((line) => `${line.text}\n`)
      .join(''),
  );
  return path;
}

function ndjson(path: string): SpillInput {
  return { file: { path, kind: 'ndjson' } };
}

/** `inputs` spilled into 2 buckets, every file on disk split in halves and the second half given to `helper`. */
function spillInHalves(inputs: readonly SpillInput[], helper: SpillHelper, prefix: string) {
  return spillInput(inputs, mkdtempSync(join(dir, prefix)), 2, undefined, {
    helper,
    splitFromBytes: 1,
  });
}
