import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readLines } from '../../../src/cli/line-reader.js';
import { forEachLine, LineRouter, type LaneInbox } from '../../../src/cli/line-router.js';
import { partitionOf } from '../../../src/cli/partition.js';
import type { InputFile } from '../../../src/cli/input-files.js';
import type { LinesMessage, ToWorker } from '../../../src/cli/worker-protocol.js';

const observation = (patient: string, id: string): string =>
  JSON.stringify({ resourceType: 'Observation', id, subject: { reference: `Patient/${patient}` } });

/** A partition that keeps what it is sent and, unless told otherwise, reads each batch at once. */
class FakeLane implements LaneInbox {
  readonly messages: ToWorker[] = [];
  constructor(private readonly onLines: (message: LinesMessage) => void = () => undefined) {}
  post(message: ToWorker): void {
    this.messages.push(message);
    if (message.type === 'lines') this.onLines(message);
  }
  lines(): [string, number, boolean][] {
    const lines: [string, number, boolean][] = [];
    for (const message of this.messages)
      if (message.type === 'lines') forEachLine(message, (...line) => lines.push(line));
    return lines;
  }
}

function routerOf(count: number, readAtOnce = true): { router: LineRouter; lanes: FakeLane[] } {
  const lanes: FakeLane[] = [];
  const router: LineRouter = new LineRouter(
    Array.from({ length: count }, (_, index) => {
      const lane = new FakeLane(() => {
        if (readAtOnce) queueMicrotask(() => router.batchRead(index));
      });
      lanes.push(lane);
      return lane;
    }),
  );
  return { router, lanes };
}

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'aih-router-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

function file(name: string, text: string): InputFile {
  writeFileSync(join(folder, name), text);
  return { path: join(folder, name), kind: 'ndjson' };
}

describe('LineRouter', () => {
  it('sends a line that names its patient to that patient’s partition alone, with its line number', async () => {
    const patients = ['a', 'b', 'c', 'd', 'e', 'f'];
    const text = patients.map((p, i) => observation(p, `o${i}`)).join('\n') + '\n';
    const { router, lanes } = routerOf(3);
    await router.routeAll([file('Observation.ndjson', text)]);
    patients.forEach((patient, i) => {
      const owner = partitionOf(patient, 3);
      lanes.forEach((lane, index) => {
        const sent = lane.lines().filter(([line]) => line.includes(`"o${i}"`));
        expect(sent).toEqual(index === owner ? [[observation(patient, `o${i}`), i + 1, true]] : []);
      });
    });
    for (const lane of lanes)
      expect(lane.messages.slice(-2)).toEqual([{ type: 'ndjson-end', file: 0 }, { type: 'end' }]);
  });

  it('sends every other line to every partition, not named, and skips empty lines', async () => {
    const medicationLine = JSON.stringify({ resourceType: 'Medication', id: 'm' });
    const spaced = '{"resourceType": "Observation", "subject": {"reference": "Patient/p"}}';
    const { router, lanes } = routerOf(2);
    await router.routeAll([file('Mixed.ndjson', `${medicationLine}\r\n\n   \n${spaced}\n{"oops`)]);
    for (const lane of lanes) {
      expect(lane.lines()).toEqual([
        [medicationLine, 1, false],
        ['   ', 3, false],
        [spaced, 4, false],
        ['{"oops', 5, false],
      ]);
    }
  });

  it('gives each partition its lines decoded as readLines decodes them, invalid UTF-8 included', async () => {
    const content = Buffer.concat([
      Buffer.from('\ufeff' + observation('a', 'ü✓') + '\r\n'),
      Buffer.from('{"resourceType":"Observation","x":"'),
      Buffer.from([0xc3, 0xe2, 0x9c]),
      Buffer.from('","subject":{"reference":"Patient/b"}}\n{"oops":"'),
      Buffer.from([0xff]),
      Buffer.from('"}'),
    ]);
    const input = file('Odd.ndjson', '');
    writeFileSync(input.path, content);
    const expected: [string, number][] = [];
    await readLines(input.path, (line, number) => expected.push([line, number]));
    const { router, lanes } = routerOf(2);
    await router.routeAll([input]);
    const seen = new Map<number, string>();
    for (const lane of lanes) for (const [line, number] of lane.lines()) seen.set(number, line);
    expect([...seen].sort((x, y) => x[0] - y[0]).map(([n, line]) => [line, n])).toEqual(expected);
  });

  it('tells every partition to read a Bundle file itself, in reading order', async () => {
    const bundle: InputFile = { path: join(folder, 'b.json'), kind: 'bundle' };
    const { router, lanes } = routerOf(2);
    await router.routeAll([bundle, file('x.ndjson', observation('a', 'o') + '\n')]);
    for (const lane of lanes) {
      expect(lane.messages[0]).toEqual({ type: 'bundle-file', file: 0 });
      expect(lane.messages.at(-2)).toEqual({ type: 'ndjson-end', file: 1 });
    }
  });

  it('reports a file that cannot be read with its reason, and goes on', async () => {
    const missing: InputFile = { path: join(folder, 'missing.ndjson'), kind: 'ndjson' };
    const { router, lanes } = routerOf(2);
    await router.routeAll([missing, file('x.ndjson', observation('a', 'o'))]);
    for (const lane of lanes) {
      expect(lane.messages[0]).toEqual({
        type: 'ndjson-end',
        file: 0,
        error: 'no such file or folder',
      });
      expect(lane.messages.at(-1)).toEqual({ type: 'end' });
    }
  });

  it('splits a large file into batches of about a megabyte, every line once, in order', async () => {
    const filler = 'x'.repeat(1000);
    const count = 5000;
    const text = Array.from({ length: count }, (_, i) =>
      JSON.stringify({ resourceType: 'Patient', id: `p${i}`, text: filler }),
    ).join('\n');
    const { router, lanes } = routerOf(1);
    await router.routeAll([file('Patient.ndjson', text)]);
    const batches = lanes[0]?.messages.filter((m): m is LinesMessage => m.type === 'lines') ?? [];
    expect(batches.length).toBeGreaterThanOrEqual(4);
    for (const batch of batches.slice(0, -1)) {
      expect(batch.bytes.length).toBeLessThanOrEqual(1 << 20);
      expect(batch.bytes.length).toBeGreaterThan((1 << 20) - 1100); // the next line did not fit
    }
    expect(lanes[0]?.lines().map(([, number]) => number)).toEqual(
      Array.from({ length: count }, (_, i) => i + 1),
    );
  });

  it('holds reading back while a partition has four unread batches, and stops when told', async () => {
    const filler = 'x'.repeat(1000);
    const text = Array.from({ length: 12000 }, (_, i) =>
      JSON.stringify({ resourceType: 'Patient', id: `p${i}`, text: filler }),
    ).join('\n');
    const { router, lanes } = routerOf(1, false);
    const routing = router.routeAll([file('Patient.ndjson', text)]);
    const settle = () => new Promise((resolve) => setTimeout(resolve, 100));
    const sent = (): number => lanes[0]?.messages.filter((m) => m.type === 'lines').length ?? 0;
    // Waits for a condition rather than a fixed time: on a loaded machine reading may start late.
    await vi.waitFor(() => expect(sent()).toBeGreaterThanOrEqual(4), { timeout: 10_000 });
    await settle();
    // Room is looked at after each read of the file, which may fill a batch and a half.
    const held = sent();
    expect(held).toBeLessThanOrEqual(5);
    await settle();
    expect(sent()).toBe(held);
    router.batchRead(0);
    router.batchRead(0);
    await vi.waitFor(() => expect(sent()).toBeGreaterThan(held), { timeout: 10_000 });
    await settle();
    const released = sent();
    router.stop();
    await routing;
    expect(sent()).toBe(released); // nothing more is read
    expect(lanes[0]?.messages.some((m) => m.type === 'end')).toBe(false);
  });
});

describe('forEachLine', () => {
  const message = (lines: string[], numbers: number[], ends?: number[]): LinesMessage => {
    const parts = lines.map((line) => Buffer.from(`${line}\n`));
    let offset = -1;
    const lineEnds = parts.map((part) => (offset += part.length));
    return {
      type: 'lines',
      file: 0,
      bytes: new Uint8Array(Buffer.concat(parts)),
      lineEnds: Int32Array.from(ends ?? lineEnds),
      lineNumbers: Int32Array.from(numbers),
      namedHere: Uint8Array.from(numbers.map(() => 0)),
    };
  };

  it('gives back each line, decoded, with its number', () => {
    const seen: [string, number][] = [];
    forEachLine(message(['a', 'Müller ✓', 'ccc'], [2, 5, 9]), (line, number) => seen.push([line, number]));
    expect(seen).toEqual([
      ['a', 2],
      ['Müller ✓', 5],
      ['ccc', 9],
    ]);
  });

  it('refuses text and line numbers that disagree', () => {
    expect(() => forEachLine(message(['a', 'b'], [1], [1]), () => undefined)).toThrow(/bytes after/);
    expect(() => forEachLine(message(['a'], [1, 2], [1, 3]), () => undefined)).toThrow(/inconsistent/);
    expect(() => forEachLine(message(['ab'], [1], [1]), () => undefined)).toThrow(/inconsistent/);
    expect(() => forEachLine(message(['a'], [1, 2]), () => undefined)).toThrow(/inconsistent/);
  });
});
