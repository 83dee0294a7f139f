import { describe, expect, it } from 'vitest';
import { InputReport } from '../../../src/cli/input-report.js';
import { Progress } from '../../../src/cli/progress.js';

function terminal(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (text: string) => writes.push(text) } };
}

describe('Progress', () => {
  it('draws nothing when stderr is not a terminal', () => {
    const { writes, stream } = terminal(false);
    const progress = new Progress(stream, () => 0);
    progress.update(() => 'reading');
    progress.clear();
    expect(writes).toEqual([]);
  });

  it('redraws one line at most every 250 ms and clears it before messages', () => {
    const { writes, stream } = terminal(true);
    let now = 1_000;
    const progress = new Progress(stream, () => now);
    let described = 0;
    const describe = () => `reading ${++described}`;
    progress.update(describe);
    now += 100;
    progress.update(describe);
    now += 200;
    progress.update(describe);
    expect(writes).toEqual(['\r\x1b[Kreading 1', '\r\x1b[Kreading 2']);
    progress.messages.write('file:3: invalid JSON\n');
    expect(writes.slice(2)).toEqual(['\r\x1b[K', 'file:3: invalid JSON\n']);
    progress.clear();
    expect(writes).toHaveLength(4);
  });
});

describe('InputReport', () => {
  it('counts problems per file, notes unattached server messages, and decides whether input was invalid', () => {
    const { writes, stream } = terminal(false);
    const report = new InputReport(stream);
    expect(report.hasInvalidInput).toBe(false);
    report.account({ kind: 'ignored-type', resourceType: 'Encounter' }, 'a.ndjson', 'a.ndjson:1');
    report.account({ kind: 'ignored-type', resourceType: 'Encounter' }, 'a.ndjson', 'a.ndjson:2');
    report.account({ kind: 'server-message' }, 'a.ndjson', 'a.ndjson:3');
    report.account({ kind: 'added', patientId: 'p' }, 'a.ndjson', 'a.ndjson:4');
    expect(report.ignoredTypes.get('Encounter')).toBe(2);
    expect(report.hasInvalidInput).toBe(false);
    report.account(
      { kind: 'invalid', reason: 'not a FHIR resource (no resourceType)' },
      'a.ndjson',
      'a.ndjson:5',
    );
    expect(report.hasInvalidInput).toBe(true);
    report.writeClosingNotes();
    expect(writes).toEqual([
      'a.ndjson:5: not a FHIR resource (no resourceType)\n',
      'note: 1 OperationOutcome resource(s) not attached to a patient (server or export messages)\n',
    ]);
  });
});
