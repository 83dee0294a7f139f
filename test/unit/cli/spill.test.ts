import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Capture } from './capture.js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { classifyCommand } from '../../../src/cli/classify.js';
import { EXIT } from '../../../src/cli/help.js';
import { listInputFiles } from '../../../src/cli/input-files.js';
import { fileLines } from '../../../src/cli/line-source.js';
import { runCli } from '../../../src/cli/main.js';
import { aih, ndjson, patient, pbc, prednisoneByReference, prednisoneMedication } from './resources.js';

/** The spill partitions the next runs are planned with; undefined: as planned from the input's size. */
const forced = vi.hoisted(() => ({ partitions: undefined as number | undefined, failMerge: false }));

vi.mock('../../../src/cli/spill-plan.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/cli/spill-plan.js')>();
  return {
    ...original,
    planSpill: (...args: Parameters<typeof original.planSpill>) => {
      const plan = original.planSpill(...args);
      return forced.partitions === undefined ? plan : { ...plan, partitions: forced.partitions };
    },
  };
});

vi.mock('../../../src/cli/merge.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../src/cli/merge.js')>();
  return {
    ...original,
    mergeOutputs: async (...args: Parameters<typeof original.mergeOutputs>) => {
      if (forced.failMerge) throw new Error('merge failed');
      return original.mergeOutputs(...args);
    },
  };
});

const AS_OF = '2025-03-01';

async function run(argv: string[], partitions?: number) {
  forced.partitions = partitions;
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli(['classify', '--as-of', AS_OF, ...argv], {
    stdout,
    stderr,
    now: () => new Date(2025, 2, 1, 12),
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

let dir: string;
let temp: string;
const savedTmpdir = process.env.TMPDIR;
const path = (name: string) => join(dir, name);

/** Two hundred patients, each line written as an export writes it, and lines of every kind of trouble. */
function writeExport(folder: string): void {
  mkdirSync(folder, { recursive: true });
  const ids = Array.from({ length: 200 }, (_, i) => `p-${(i * 7919) % 1000}`);
  writeFileSync(join(folder, 'Medication.ndjson'), ndjson([prednisoneMedication]));
  writeFileSync(
    join(folder, 'Patient.ndjson'),
    [
      ...ids.map((id, i) => JSON.stringify(patient(id, i % 3 === 0 ? 'male' : 'female'))),
      '{"resourceType":"Patient","id":"dup-1","gender":"male","id":"dup-2"}',
      '{"resourceType":"Patient","gender":"male"}',
      '{"resourceType":"Patient","id":"not valid!"}',
      '',
      '   ',
    ].join('\n'),
  );
  writeFileSync(
    join(folder, 'Condition.ndjson'),
    [
      ...ids.map((id, i) => JSON.stringify(i % 5 === 0 ? pbc(`c-${i}`, id) : aih(`c-${i}`, id))),
      // Written with spaces: the text does not tell the patient, so the line goes to every partition.
      JSON.stringify(aih('spaced', 'p-7'), null, 1).replace(/\n/g, ''),
      ...Array.from({ length: 30 }, (_, i) => `{"resourceType":"Condition", broken ${i}`),
      '{"resourceType":"Encounter","id":"e1","subject":{"reference":"Patient/p-7"}}',
      '{"resourceType":"OperationOutcome","issue":[]}',
      '{"resourceType":"Condition","id":"orphan","subject":{"reference":"Patient/nobody-else"}}',
    ].join('\r\n'),
  );
  writeFileSync(
    join(folder, 'MedicationRequest.ndjson'),
    ndjson(ids.map((id, i) => prednisoneByReference(`m-${i}`, id, `2024-0${(i % 9) + 1}-15`))),
  );
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aih-cli-spill-'));
  temp = join(dir, 'tmp');
  mkdirSync(temp);
  // Where the run's temporary folders go, so the test can see them removed.
  process.env.TMPDIR = temp;
  writeExport(path('export'));
  writeFileSync(
    path('bundle.json'),
    JSON.stringify({
      resourceType: 'Bundle',
      type: 'collection',
      entry: [patient('b-1'), aih('bc-1', 'b-1'), patient('p-7'), { resourceType: 'Basic' }].map(
        (resource) => ({ resource }),
      ),
    }),
  );
});

afterEach(() => {
  forced.partitions = undefined;
  forced.failMerge = false;
});

afterAll(() => {
  process.env.TMPDIR = savedTmpdir;
  rmSync(dir, { recursive: true, force: true });
});

describe('classify over spill partitions (a cohort larger than the memory budget)', () => {
  const inputs = () => [path('export'), path('bundle.json'), path('missing.ndjson')];

  it.each([
    ['ndjson', 2],
    ['ndjson', 7],
    ['csv', 3],
  ])(
    'writes the bytes, messages and exit code of a run in memory (%s, %i partitions)',
    async (format, count) => {
      const inMemory = await run(['--format', format, ...inputs()]);
      expect(inMemory.code).toBe(EXIT.invalidInput);
      expect(inMemory.stdout.split('\n').length).toBeGreaterThan(200);
      const spilled = await run(['--format', format, ...inputs()], count);
      expect(spilled.stdout).toBe(inMemory.stdout);
      expect(spilled.stderr).toBe(inMemory.stderr);
      expect(spilled.code).toBe(inMemory.code);
      expect(readdirSync(temp)).toEqual([]);
    },
  );

  it('partitions an input of unknown size (a download) once it is on disk, with the same output', async () => {
    const inMemory = await run(['--format', 'csv', path('export')]);
    const listed = await listInputFiles([path('export')]);
    const streamed = {
      files: listed.files,
      sources: new Map(listed.files.map((file) => [file, fileLines(file.path)] as const)),
      bytes: undefined,
    };
    for (const count of [1, 3]) {
      forced.partitions = count;
      const stdout = new Capture();
      const stderr = new Capture();
      const code = await classifyCommand(
        ['--as-of', AS_OF, '--format', 'csv', 'ignored'],
        {
          stdout,
          stderr,
          now: () => new Date(2025, 2, 1, 12),
        },
        streamed,
      );
      expect({ code, stdout: stdout.text, stderr: stderr.text }).toEqual(inMemory);
    }
    expect(readdirSync(temp)).toEqual([]);
  });

  it('keeps to a --shard: the spill partitions cut the shard, not the cohort', async () => {
    const inMemory = await run(['--shard', '1/3', path('export')]);
    const spilled = await run(['--shard', '1/3', path('export')], 4);
    expect(inMemory.stdout.length).toBeGreaterThan(0);
    expect(spilled).toEqual(inMemory);
  });

  it('says so and exits 3 when nothing is readable, as in memory', async () => {
    writeFileSync(path('garbage.ndjson'), 'nope\nnot either\n');
    const inMemory = await run([path('garbage.ndjson')]);
    const spilled = await run([path('garbage.ndjson')], 3);
    expect(inMemory.code).toBe(EXIT.noInput);
    expect(spilled).toEqual(inMemory);
  });

  it('removes its temporary folder when the run fails', async () => {
    forced.failMerge = true;
    const failed = await run([path('export')], 2);
    expect(failed.code).toBe(EXIT.internal);
    expect(failed.stderr).toMatch(/internal error: merge failed/);
    expect(readdirSync(temp)).toEqual([]);
  });
});
