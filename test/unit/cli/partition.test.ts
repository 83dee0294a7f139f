import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { partitionOf, partitionOfBytes, patientIdEnd, patientIdStart } from '../../../src/cli/partition.js';
import { partitionHeapLimitMb } from '../../../src/cli/parallel.js';

/** The line as the router sees it: UTF-8 bytes within a larger buffer. */
function patientOfLine(line: string, before = '', after = ''): string | undefined {
  const bytes = Buffer.from(before + line + after);
  const start = Buffer.byteLength(before);
  const end = start + Buffer.byteLength(line);
  const idStart = patientIdStart(bytes, start, end);
  return idStart === -1 ? undefined : bytes.toString('latin1', idStart, patientIdEnd(bytes, idStart, end));
}

const line = (resource: unknown) => JSON.stringify(resource);

describe('patientOfLine', () => {
  it('reads the patient of compact export lines', () => {
    expect(
      patientOfLine(
        line({ resourceType: 'Observation', id: 'o', subject: { reference: 'Patient/p-1.a', display: 'x' } }),
      ),
    ).toBe('p-1.a');
    expect(
      patientOfLine(line({ resourceType: 'AllergyIntolerance', patient: { reference: 'Patient/p2' } })),
    ).toBe('p2');
    expect(
      patientOfLine(line({ resourceType: 'MedicationRequest', subject: { reference: 'Patient/p3' } })),
    ).toBe('p3');
    expect(patientOfLine(line({ resourceType: 'Procedure', subject: { reference: 'Patient/p4' } }))).toBe(
      'p4',
    );
    expect(patientOfLine(line({ resourceType: 'Patient', id: 'p5', gender: 'male' }))).toBe('p5');
  });

  it('leaves every doubtful line to be parsed', () => {
    const doubtful = [
      // Medications and Bundles: parsed by every partition.
      line({ resourceType: 'Medication', id: 'm' }),
      // A Patient whose id is not written first, or not once (JSON.parse takes the last of two keys).
      line({ resourceType: 'Patient', gender: 'male', id: 'p' }),
      '{"resourceType":"Patient","id":"p","gender":"male","id":"q"}',
      line({ resourceType: 'Patient', id: 'p', contained: [{ resourceType: 'Patient', id: 'q' }] }),
      line({ resourceType: 'Patient', id: 'p\u00e9' }),
      line({
        resourceType: 'Bundle',
        entry: [{ resource: { resourceType: 'Observation', subject: { reference: 'Patient/a' } } }],
      }),
      // A second subject (here in a contained resource) could be the real one.
      line({
        resourceType: 'Observation',
        contained: [{ resourceType: 'Observation', subject: { reference: 'Patient/other' } }],
        subject: { reference: 'Patient/real' },
      }),
      // Not the compact form: key order, spacing, absolute or versioned references, urns, odd ids.
      line({ id: 'o', resourceType: 'Observation', subject: { reference: 'Patient/a' } }),
      '{"resourceType": "Observation", "subject": {"reference": "Patient/a"}}',
      line({ resourceType: 'Observation', subject: { display: 'x', reference: 'Patient/a' } }),
      line({ resourceType: 'Observation', subject: { reference: 'https://ehr.example.org/Patient/a' } }),
      line({ resourceType: 'Observation', subject: { reference: 'Patient/a/_history/2' } }),
      line({ resourceType: 'Observation', subject: { reference: 'urn:uuid:1' } }),
      line({ resourceType: 'Observation', subject: { reference: 'Patient/a\u00e9' } }),
      line({ resourceType: 'Observation', subject: { reference: 'Group/g' } }),
      line({ resourceType: 'AllergyIntolerance', subject: { reference: 'Patient/a' } }),
    ];
    for (const text of doubtful) expect(patientOfLine(text), text).toBeUndefined();
  });
});

/** The rule written plainly, as the oracle for the faster scan. */
function plainPatientOfLine(line: string): string | undefined {
  const match = /^\{"resourceType":"([^"]*)"/.exec(line);
  const key =
    { AllergyIntolerance: '"patient"' }[match?.[1] ?? ''] ??
    ([
      'Observation',
      'Condition',
      'MedicationRequest',
      'MedicationStatement',
      'MedicationDispense',
      'MedicationAdministration',
      'Procedure',
    ].includes(match?.[1] ?? '')
      ? '"subject"'
      : undefined);
  const patient = /^\{"resourceType":"Patient","id":"([A-Za-z0-9.-]{1,64})"/.exec(line);
  if (patient !== null) return line.split('"id"').length === 2 ? patient[1] : undefined;
  if (match === null || key === undefined) return undefined;
  // From the closing quote of the type, as the scan does: a key can never start before it.
  const first = line.indexOf(key, match[0].length - 1);
  if (first === -1 || first !== line.lastIndexOf(key)) return undefined;
  const id = /^:\{"reference":"Patient\/([A-Za-z0-9.-]{1,64})"/.exec(line.slice(first + key.length));
  return id?.[1];
}

describe('patientOfLine against the plain rule', () => {
  it('agrees on lines assembled from the pieces that matter', () => {
    const piece = fc.constantFrom(
      '{"resourceType":"Observation"',
      '{"resourceType":"AllergyIntolerance"',
      '{"resourceType":"Procedure"',
      '{"resourceType":"Patient"',
      '{"resourceType":"Patient","id":"',
      ',"id":"',
      '"id"',
      ',"subject":{"reference":"Patient/p1"}',
      ',"patient":{"reference":"Patient/p2"}',
      '"subject"',
      'subject"',
      '"s',
      'ubject"',
      '"patient"',
      ':{"reference":"Patient/',
      'abc-1.2',
      '"}',
      ',"contained":[',
      '{"reference":"Patient/x"}',
      '"',
      'x'.repeat(70),
      'é',
      '\u00ff',
      '✓',
      '\ud83d\ude00',
    );
    // Bytes around the line (the rest of the buffer) must never change the answer.
    const around = fc.constantFrom(
      '',
      '"subject":{"reference":"Patient/z"}',
      '\n{"resourceType":"Observation"',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), around, around, (pieces, before, after) => {
        const line = pieces.join('');
        expect(patientOfLine(line, before, after)).toBe(plainPatientOfLine(line));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('partitionOf', () => {
  it('is stable and spreads patients over the partitions', () => {
    expect(partitionOf('bench-000001', 4)).toBe(partitionOf('bench-000001', 4));
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i += 1) counts[partitionOf(`patient-${i}`, 4)]! += 1;
    for (const count of counts) expect(count).toBeGreaterThan(800);
    expect(partitionOf('anything', 1)).toBe(0);
  });

  it('gives the same partition from an id’s bytes as from its text', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9.-]{1,64}$/),
        fc.integer({ min: 1, max: 64 }),
        (id, count) => {
          const bytes = Buffer.from(`xx${id}yy`);
          expect(partitionOfBytes(bytes, 2, 2 + id.length, count)).toBe(partitionOf(id, count));
        },
      ),
    );
  });
});

describe('partition heap limit', () => {
  it('shares three quarters of the memory between the partitions, never less than 1 GB each', () => {
    const GiB = 1024 ** 3;
    expect(partitionHeapLimitMb(2, 8 * GiB)).toBe(3072);
    expect(partitionHeapLimitMb(4, 8 * GiB)).toBe(1536);
    expect(partitionHeapLimitMb(4, 2 * GiB)).toBe(1024);
  });
});
